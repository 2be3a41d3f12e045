import type { OtherStack, OtherStacks, StackRequest } from '../domain/ports';
import { passOn } from './pass-on';

/**
 * The room's other stacks, each reached at its gateway's /control/api: the host's call passed on
 * with the host's token, server to server (so no CORS on any gateway), the answer passed back as
 * the stack gave it (see passOn). No answer is a 503 naming the stack.
 */
export function otherStacks(list: readonly OtherStack[]): OtherStacks {
  return {
    list,
    forward: (stack: OtherStack, request: StackRequest) =>
      passOn(
        { kind: 'stack', name: stack.name, baseUrl: stack.url },
        `/control/api${request.path}`,
        request,
        request.timeoutMs,
      ),
  };
}
