/**
 * Job callbacks: what a job's {@code callback} may name ({@link CallbackPolicy}), how a delivery is
 * signed ({@link Signature}) and the deliveries waiting in Redis ({@link Deliveries}), which any
 * node sends ({@code callbacks/WebhookSender}).
 */
package org.docbatch.webhook;
