package org.docbatch.s3;

import java.time.Instant;

/** What a listing or a HEAD tells of one object. */
public record ObjectInfo(
    S3Location location, long size, Instant lastModified, String etag, String contentType) {}
