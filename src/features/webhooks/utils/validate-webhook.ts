export interface WebhookFieldProblems {
  name?: string;
  url?: string;
  events?: string;
}

/** The checks the server makes that a form can make first, with the same wording a user can act on. */
export function validateWebhookFields({
  name,
  url,
  events,
}: {
  name: string;
  url: string;
  events: readonly string[];
}): WebhookFieldProblems {
  const problems: WebhookFieldProblems = {};
  if (!name.trim()) problems.name = 'Give the webhook a name.';
  const trimmed = url.trim();
  if (!trimmed) problems.url = 'Enter the URL that receives the events.';
  else {
    let parsed: URL | undefined;
    try {
      parsed = new URL(trimmed);
    } catch {
      problems.url = 'Enter an absolute URL such as https://ci.example.com/hook.';
    }
    if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      problems.url = `Only http:// and https:// URLs can receive webhooks, not ${parsed.protocol}//.`;
  }
  if (events.length === 0) problems.events = 'Choose at least one event.';
  return problems;
}
