/**
 * cdk-nag's AwsSolutions checks run on the whole app at synth; a finding fails the synth. Each exception is
 * acknowledged on the construct it concerns, with the reason a reviewer needs, never for a whole stack.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
