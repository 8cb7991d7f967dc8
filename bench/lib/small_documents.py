"""Writes N small documents into a folder: a third text, a third PNG, a third PDF (doc-<i>.<ext>).

    python3 bench/lib/small_documents.py FOLDER N
"""
import os, sys, zlib, struct
root, n = sys.argv[1], int(sys.argv[2])
os.makedirs(root, exist_ok=True)
def png(w, h):
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    raw = b''.join(b'\x00' + bytes([255 * ((x // 8 + y // 8) % 2) for x in range(w)]) for y in range(h))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
image = png(200, 100)
for i in range(n):
    kind = i % 3
    if kind == 0:
        open(f"{root}/doc-{i}.txt", "w").write(f"Document {i}. " * 40)
    elif kind == 1:
        open(f"{root}/doc-{i}.png", "wb").write(image)
    else:
        open(f"{root}/doc-{i}.pdf", "wb").write(pdf)
