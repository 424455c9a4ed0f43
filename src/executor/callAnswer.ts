import { SocketActionError } from '../lib/socketActionError.js';
import { responseContentType, responseStatusText, responseText, type InjectedResponse } from './injectedResponse.js';

/**
 * What a finished response answers the call with. A 2xx resolves with its body: parsed when its content type
 * is JSON, as text otherwise, `null` when empty (or 204). Any other status fails with that status
 * (`SocketActionError`), whose message is the `message` of a JSON error body, else the status text
 * (`Not Found`): an HTML error page or a stack trace is not the client's to read.
 */
export function callAnswer(response: InjectedResponse): unknown {
  const status = response.statusCode;
  if (status < 200 || status >= 300) throw new SocketActionError(status, failureMessage(response));
  const text = responseText(response);
  if (status === 204 || text === '') return null;
  return responseContentType(response).includes('json') ? (JSON.parse(text) as unknown) : text;
}

function failureMessage(response: InjectedResponse): string {
  if (responseContentType(response).includes('json')) {
    try {
      const body = JSON.parse(responseText(response)) as unknown;
      if (typeof body === 'object' && body !== null) {
        const message = (body as { message?: unknown }).message;
        if (typeof message === 'string') return message;
      }
    } catch {
      // a JSON content type over a body that is not JSON: the status text says what there is to say
    }
  }
  return responseStatusText(response);
}
