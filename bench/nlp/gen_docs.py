"""Writes N English news-like documents of 3-4 KB (names, places, organisations, dates) into a folder.
Deterministic (seeded), so both sides of bench/nlp-vs-corenlp.sh read the same text every run."""
import random, sys

folder, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261129)
people = ["Angela Merkel", "Barack Obama", "Satya Nadella", "Marie Curie", "Nelson Mandela", "Ada Lovelace",
          "Tim Cook", "Jacinda Ardern", "Emmanuel Macron", "Serena Williams", "Alan Turing", "Greta Thunberg"]
places = ["Paris", "London", "Berlin", "New York", "Tokyo", "Nairobi", "Sydney", "Toronto", "Madrid",
          "Chicago", "Geneva", "Mumbai"]
orgs = ["Google", "the United Nations", "Microsoft", "the World Bank", "Siemens", "Oxford University",
        "the European Commission", "Toyota", "Reuters", "the Red Cross", "Apple", "NASA"]
months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
templates = [
    "{p} met representatives of {o} in {l} on {d} to discuss the new agreement.",
    "According to {o}, the project in {l} will be finished before {d}.",
    "On {d}, {p} told reporters in {l} that the results had exceeded every expectation.",
    "The board of {o} approved a budget of ${m} million for its offices in {l}.",
    "Critics argued that {o} had underestimated the costs, while {p} defended the decision.",
    "Several analysts expect prices in {l} to rise by {k} percent over the coming year.",
    "{p} is scheduled to visit {l} again next week, a spokesperson for {o} said.",
    "Local newspapers in {l} described the announcement as a turning point for the region.",
    "The committee will publish its final report on {d}, after consulting experts from {o}.",
    "Although the weather in {l} was poor, thousands of people attended the opening ceremony.",
]

def sentence():
    return rng.choice(templates).format(
        p=rng.choice(people), l=rng.choice(places), o=rng.choice(orgs),
        d=f"{rng.choice(months)} {rng.randint(1, 28)}, {rng.randint(1990, 2026)}",
        m=rng.randint(2, 900), k=rng.randint(2, 15))

for i in range(n):
    target = rng.randint(3072, 4096)
    paragraphs, text = [], ""
    while len(text) < target - 200:
        paragraph = " ".join(sentence() for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        text = "\n\n".join(paragraphs)
    with open(f"{folder}/doc-{i:04d}.txt", "w", encoding="utf-8") as f:
        f.write(text[:4096].rsplit(".", 1)[0] + ".\n")
