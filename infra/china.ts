/**
 * ADR 0024: what the aws-cn template may hold. Each AWS CloudFormation namespace the China stage uses, with the
 * page of AWS's China documentation that says the China Regions have it and the difference that shaped the stage.
 * A test holds the synthesized China template to this table; docs/deploy-china.md explains each row.
 */
export interface ChinaService {
  readonly service: string;
  /** What the China Regions lack of it, and what the stage does about it. */
  readonly difference: string;
  readonly source: string;
}

const GUIDE = 'https://docs.amazonaws.cn/en_us/aws/latest/userguide';

export const CHINA_SERVICES: Readonly<Record<string, ChinaService>> = {
  'AWS::Lambda': {
    service: 'AWS Lambda',
    difference:
      'no X-Ray integration: tracing off; the Parameters and Secrets extension has no arm64 layer there, so the functions reading the signing key run on x86_64',
    source: `${GUIDE}/lambda.html`,
  },
  'AWS::ApiGatewayV2': {
    service: 'Amazon API Gateway (HTTP API)',
    difference: 'no Cognito authorizers: the JWT authorizer names the configured OIDC issuer',
    source: `${GUIDE}/api-gateway.html`,
  },
  'AWS::ApiGateway': {
    service: 'Amazon API Gateway (REST API, the public routes)',
    difference:
      'unauthenticated requests are served only when the account is associated with an ICP licence; regional endpoints only',
    source: `${GUIDE}/api-gateway.html`,
  },
  'AWS::WAFv2': {
    service: 'AWS WAF',
    difference: 'regional only (the REST API stage), never on CloudFront; no Shield',
    source: `${GUIDE}/waf.html`,
  },
  'AWS::DynamoDB': {
    service: 'Amazon DynamoDB',
    difference:
      'only multi-Region strong consistency is missing; the single-region table, its stream and PITR are as elsewhere',
    source: `${GUIDE}/dynamodb.html`,
  },
  'AWS::Scheduler': {
    service: 'Amazon EventBridge Scheduler',
    difference: 'its API reference is published for the China Regions',
    source: 'https://docs.amazonaws.cn/scheduler/latest/APIReference/Welcome.html',
  },
  'AWS::S3': {
    service: 'Amazon S3',
    difference: 'endpoints under amazonaws.com.cn; object lock in both modes',
    source: 'https://www.amazonaws.cn/en/new/2018/s3-object-lock/',
  },
  'AWS::SecretsManager': {
    service: 'AWS Secrets Manager',
    difference: 'none that the stage uses',
    source: `${GUIDE}/secretsmanager.html`,
  },
  'AWS::SQS': {
    service: 'Amazon SQS',
    difference: 'SSE-SQS available; no dead-letter redrive from the console',
    source: `${GUIDE}/sqs.html`,
  },
  'AWS::SNS': {
    service: 'Amazon SNS',
    difference: 'no SMS or mobile push; e-mail subscriptions are not listed as a difference',
    source: `${GUIDE}/sns.html`,
  },
  'AWS::KMS': {
    service: 'AWS KMS',
    difference: 'symmetric keys are SM4 (128-bit) in the China Regions',
    source: 'https://docs.amazonaws.cn/en_us/kms/latest/developerguide/supported-algorithms.html',
  },
  'AWS::CloudWatch': {
    service: 'Amazon CloudWatch (alarms, dashboard)',
    difference: 'none listed that the stage uses',
    source: 'https://docs.amazonaws.cn/en_us/AmazonCloudWatch/latest/monitoring/alarm-getting-started.html',
  },
  'AWS::Logs': {
    service: 'Amazon CloudWatch Logs',
    difference: 'no Live Tail for Lambda in the console',
    source: `${GUIDE}/lambda.html`,
  },
  'AWS::IAM': {
    service: 'AWS IAM',
    difference: 'partition aws-cn: every ARN is arn:aws-cn:…',
    source: `${GUIDE}/ARNs.html`,
  },
  'AWS::CloudFront': {
    service: 'Amazon CloudFront (only with an ICP-filed domain)',
    difference:
      'no *.cloudfront.cn serving, no ACM (an IAM server certificate), no cache or response headers policies, no origin access control',
    source: `${GUIDE}/cloudfront.html`,
  },
};

/** The namespace of a resource type: `AWS::Lambda::Function` → `AWS::Lambda`. */
export function serviceOf(resourceType: string): string {
  return resourceType.split('::').slice(0, 2).join('::');
}
