// Which way a metric improves, from its name: only when the name says so (loss/error-like metrics
// go down, accuracy-like ones go up). Anything else (lr_sched, epoch, throughput...) has no known
// direction, so no "best" is claimed for it unless the user sets one.
export type MetricDirection = 'min' | 'max';

// Name parts are split on anything that is not a letter or digit, and on camelCase humps, so
// `val/loss`, `train_loss`, `valLoss` and `top1-accuracy` match while `glossary` or `lr_sched` do not.
const LOWER_IS_BETTER = new Set([
  'loss',
  'losses',
  'error',
  'err',
  'errors',
  'mse',
  'rmse',
  'mae',
  'mape',
  'smape',
  'perplexity',
  'ppl',
  'nll',
  'wer',
  'cer',
  'fid',
  'latency',
  'regret',
  'logloss',
  'bpd',
  'bpc',
  'distance',
  'divergence',
  'kl',
]);
const HIGHER_IS_BETTER = new Set([
  'accuracy',
  'acc',
  'f1',
  'f1score',
  'auc',
  'auroc',
  'roc',
  'rocauc',
  'precision',
  'recall',
  'map',
  'ap',
  'iou',
  'miou',
  'dice',
  'bleu',
  'rouge',
  'rougel',
  'meteor',
  'r2',
  'score',
  'reward',
  'return',
  'ndcg',
  'mrr',
  'hit',
  'hits',
  'top1',
  'top5',
  'sensitivity',
  'specificity',
  'jaccard',
  'kappa',
  'mcc',
  'throughput',
]);

function nameParts(metricKey: string): string[] {
  return metricKey
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The direction the name implies, or undefined when it implies none. The last telling part wins (`loss_acc` is unusual; `acc_loss` is a loss). */
export function metricDirection(metricKey: string): MetricDirection | undefined {
  const parts = nameParts(metricKey);
  for (let i = parts.length - 1; i >= 0; i -= 1) {
    const part = parts[i] ?? '';
    // Digits glued to a name ("f1", "top1" stay whole; "loss2" reads as "loss").
    const bare = HIGHER_IS_BETTER.has(part) || LOWER_IS_BETTER.has(part) ? part : part.replace(/\d+$/, '');
    if (LOWER_IS_BETTER.has(bare)) return 'min';
    if (HIGHER_IS_BETTER.has(bare)) return 'max';
  }
  return undefined;
}
