export * from './webhook-model';
export { listWebhooks, useWebhooks, webhooksQueryOptions, type WebhooksList } from './list-webhooks';
export { createWebhook, updateWebhook, useSaveWebhook, type WebhookFields } from './save-webhook';
export { deleteWebhook, useDeleteWebhook } from './delete-webhook';
export { testWebhook, useTestWebhook, type WebhookTestResult } from './test-webhook';
export { listWebhookDeliveries, useWebhookDeliveries, webhookDeliveriesQueryOptions } from './list-webhook-deliveries';
