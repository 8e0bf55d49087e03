/**
 * Fault injection at the AWS SDK: one middleware on each client counts every call the adapters make, across
 * DynamoDB and S3 alike, and makes the n-th fail. `before`: the request never reaches the service (a timeout on
 * the way out, a throttle). `after`: the service did the work but the answer is lost (a timeout on the way
 * back), the harder case, since the caller cannot know it succeeded.
 */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';

export type FaultMode = 'before' | 'after';

export class InjectedFault extends Error {
  readonly $metadata = { httpStatusCode: 503 };
  readonly $fault = 'server';
  constructor(
    readonly command: string,
    readonly call: number,
    readonly mode: FaultMode,
  ) {
    super(`injected fault ${mode} call ${call} (${command})`);
    this.name = 'ServiceUnavailable';
  }
}

export class FaultPlan {
  calls = 0;
  failAt: number | undefined;
  mode: FaultMode = 'before';
  fired: InjectedFault | undefined;
  readonly commands: string[] = [];

  /** Arms the plan: the n-th call from now fails (none when n is undefined). */
  arm(n: number | undefined, mode: FaultMode = 'before'): void {
    this.calls = 0;
    this.failAt = n;
    this.mode = mode;
    this.fired = undefined;
    this.commands.length = 0;
  }

  disarm(): void {
    this.failAt = undefined;
  }

  private fire(command: string, call: number): InjectedFault {
    this.fired = new InjectedFault(command, call, this.mode);
    return this.fired;
  }

  attach(client: DynamoDBClient | S3Client, service: string): void {
    // biome-ignore lint/suspicious/noExplicitAny: the middleware stacks of the two clients differ only in types
    (client.middlewareStack as any).add(
      // biome-ignore lint/suspicious/noExplicitAny: a generic initialize middleware
      (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: unknown) => {
        const call = ++this.calls;
        const command = `${service}.${(context.commandName ?? '?').replace(/Command$/, '')}`;
        this.commands.push(command);
        const fail = call === this.failAt;
        if (fail && this.mode === 'before') throw this.fire(command, call);
        const result = await next(args);
        if (fail && this.mode === 'after') throw this.fire(command, call);
        return result;
      },
      { step: 'initialize', name: 'injectFaults', priority: 'high' },
    );
  }
}
