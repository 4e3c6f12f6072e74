/** A fetch that answers from a script and records what it was asked. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body?: string;
}

export type FakeFetch = typeof fetch & { requests: RecordedRequest[] };

export function fakeFetch(...answers: Array<Response | (() => Response)>): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const answer = answers[requests.length - 1];
    if (!answer) throw new Error(`unexpected request ${requests.length}: ${String(input)}`);
    return typeof answer === 'function' ? answer() : answer;
  };
  return Object.assign(fn, { requests }) as unknown as FakeFetch;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
