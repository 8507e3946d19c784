import { describe, expect, it } from 'vitest';
import { metricDirection } from './metric-direction';

describe('metricDirection', () => {
  it('knows loss and error metrics go down', () => {
    for (const key of ['loss', 'val/loss', 'train_loss', 'valLoss', 'eval-error', 'rmse', 'test.mae', 'perplexity', 'loss2']) {
      expect(metricDirection(key), key).toBe('min');
    }
  });

  it('knows accuracy-like metrics go up', () => {
    for (const key of ['accuracy', 'val/acc', 'f1', 'macro_f1', 'auc', 'roc_auc', 'precision', 'recall@10', 'top1', 'valAccuracy']) {
      expect(metricDirection(key), key).toBe('max');
    }
  });

  it('claims no direction for other metrics', () => {
    for (const key of ['lr_sched', 'lr', 'epoch', 'glossary', 'grad_norm', 'batch_size', 'step_time', 'errand']) {
      expect(metricDirection(key), key).toBeUndefined();
    }
  });
});
