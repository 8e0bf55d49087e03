import { type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  CloudFrontAllowedMethods,
  CloudFrontWebDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IDistribution,
  OriginAccessIdentity,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerCertificate,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NOT_FOUND_KEY, SITE_VERSIONS } from '../../shared/site/keys.ts';
import { type DeploymentConfig, type Placement, placementOf } from '../config.ts';
import { acknowledge } from '../nag.ts';

/**
 * The site's content security policy: everything from the site itself, no inline script, no framing; forms
 * and scripts may reach the API (the correction form), and its script the region's S3 endpoints, where it PUTs
 * evidence files to presigned URLs (R9; the uploads bucket's own name would make the site and the bucket, whose
 * CORS rule names the site, depend on each other).
 */
export function contentSecurityPolicy(apiOrigin: string, s3Origin?: string): string {
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${apiOrigin}${s3Origin ? ` ${s3Origin}` : ''}`,
    `form-action 'self' ${apiOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The region's S3 endpoints, where the correction form PUTs evidence files to presigned URLs. */
export function s3Origins(placement: Placement, region: string): string {
  return `https://*.s3.${region}.amazonaws.com${placement.partition === 'aws-cn' ? '.cn' : ''}`;
}

/** cdk-nag's CFR1 (no geo restriction), on either distribution. */
const PUBLIC_BY_LAW =
  'the law requires publication to everyone (行政处罚法 art. 48): journalists and credit platforms abroad read it too';

export interface SiteProps {
  readonly config: DeploymentConfig;
  /** The API's origin (`https://…execute-api…`), which the site's forms post to. */
  readonly apiOrigin: string;
}

/**
 * The public site: a private bucket the publisher writes, served only through CloudFront. Objects carry their own
 * Cache-Control (pages and feeds a minute, assets an hour) and CloudFront honours it, so a withdrawn page is gone
 * from the edge within a minute of leaving the bucket.
 *
 * ADR 0024, in aws-cn: CloudFront serves only an ICP-filed domain there, with an IAM server certificate, an origin
 * access identity and the legacy cache settings (no cache or response-headers policies); without an ICP-filed
 * domain nothing public can be served from the account, and the province's ICP-filed portal mirrors the bucket
 * (`npm run mirror-site`) with the read-only policy this construct makes, serving it at `siteUrl`.
 */
export class Site extends Construct {
  readonly bucket: Bucket;
  /** Absent where the portal mirrors the site (aws-cn without an ICP-filed domain). */
  readonly distribution?: IDistribution;
  /** aws-cn without an ICP-filed domain: what the portal's mirroring role or user is given (read only). */
  readonly mirrorPolicy?: ManagedPolicy;
  /** The content security policy the site's pages are served with (the portal's, when it mirrors them). */
  readonly contentSecurityPolicy: string;
  readonly url: string;
  /** `https://host`, without a path: for CORS rules that let the site's pages reach other origins. */
  readonly origin: string;
  /** The access-log bucket, which other buckets of the app log into under their own prefix. */
  readonly logs: Bucket;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(logs, 'AwsSolutions-S1', 'this bucket receives the access logs; logging it would log itself');
    this.logs = logs;

    // Derived from the table (npm run rebuild-site), yet versioned: an object changed behind the platform's
    // back can be seen and restored.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      // Where two rules apply S3 takes the shorter expiration: the month files keep old versions a day.
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(SITE_VERSIONS.noncurrentDays) },
        ...SITE_VERSIONS.aggregatePrefixes.map((prefix) => ({
          prefix,
          noncurrentVersionExpiration: Duration.days(SITE_VERSIONS.aggregateNoncurrentDays),
        })),
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const placement = placementOf(props.config);
    const region = placement.region ?? Stack.of(this).region;
    this.contentSecurityPolicy = contentSecurityPolicy(props.apiOrigin, s3Origins(placement, region));
    if (placement.siteHosting === 'mirror') {
      this.mirrorPolicy = this.#mirror();
      const url = new URL(props.config.siteUrl as string);
      this.origin = url.origin;
      this.url = `${url.origin}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
      return;
    }
    if (placement.partition === 'aws-cn') {
      this.distribution = this.#chinaDistribution(props.config);
      this.origin = `https://${props.config.domainName}`;
      this.url = `${this.origin}/`;
      return;
    }
    const distribution = this.#globalDistribution(props.config);
    this.distribution = distribution;
    this.origin = `https://${props.config.domainName ?? distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }

  #globalDistribution(config: DeploymentConfig): Distribution {
    const props = { config };
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Gongshi site: HSTS, CSP, no sniffing, no framing',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: this.contentSecurityPolicy,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    const honourOrigin = new CachePolicy(this, 'SiteCache', {
      comment: "Gongshi site: the object's own Cache-Control, at most a day",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
    });

    // ADR 0021: tiles and entry bundles never change at their path (tlog-tiles): kept for a year, as they say.
    const immutable = new CachePolicy(this, 'TileCache', {
      comment: 'Gongshi tiled transparency log: immutable tiles and entry bundles, a year',
      minTtl: Duration.days(1),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);

    const distribution = new Distribution(this, 'Distribution', {
      comment: `Gongshi ${props.config.stage}: 行政执法决定公示`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(props.config.domainName && props.config.certificateArn
        ? {
            domainNames: [props.config.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.config.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: honourOrigin,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        'tlog/tile/*': {
          origin: siteOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: immutable,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
      // Without ListBucket, S3 answers a missing key with 403: show the site's own 404 page for both.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: `/${NOT_FOUND_KEY}`,
        ttl: Duration.seconds(60),
      })),
    });
    acknowledge(distribution, 'AwsSolutions-CFR1', PUBLIC_BY_LAW);
    acknowledge(
      distribution,
      'AwsSolutions-CFR2',
      'a static, read-only site of public documents behind Shield Standard; the API behind it is throttled per route. Add a WAF web ACL in front if an agency policy requires one',
    );
    if (!props.config.domainName) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR4',
        'without a custom domain CloudFront serves its default certificate, whose TLS policy cannot be set; give -c domainName and -c certificateArn to get TLS 1.2 at least',
      );
    }
    return distribution;
  }

  /**
   * aws-cn with an ICP-filed domain: CloudFront China takes neither ACM certificates nor cache and response
   * headers policies nor origin access control (docs/deploy-china.md), so the distribution is the classic one:
   * the IAM server certificate, an origin access identity, and the objects' own Cache-Control (ForwardedValues
   * with nothing forwarded, the TTLs those of the global cache policy). Pages carry no security headers from the
   * edge there; the site's pages link no third party and run only their own scripts.
   */
  #chinaDistribution(config: DeploymentConfig): CloudFrontWebDistribution {
    const identity = new OriginAccessIdentity(this, 'OriginAccessIdentity', {
      comment: `Gongshi ${config.stage}: reads the site bucket for CloudFront China`,
    });
    this.bucket.grantRead(identity);
    const behavior = (
      pathPattern: string | undefined,
      ttl: { min: Duration; default: Duration; max: Duration },
    ) => ({
      ...(pathPattern ? { pathPattern } : { isDefaultBehavior: true }),
      allowedMethods: CloudFrontAllowedMethods.GET_HEAD,
      compress: true,
      forwardedValues: { queryString: false, cookies: { forward: 'none' } },
      minTtl: ttl.min,
      defaultTtl: ttl.default,
      maxTtl: ttl.max,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    });
    const distribution = new CloudFrontWebDistribution(this, 'ChinaDistribution', {
      comment: `Gongshi ${config.stage}: 行政执法决定公示`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      viewerCertificate: ViewerCertificate.fromIamCertificate(config.iamCertificateId as string, {
        aliases: [config.domainName as string],
        securityPolicy: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      loggingConfig: { bucket: this.logs, prefix: 'cloudfront/' },
      originConfigs: [
        {
          s3OriginSource: { s3BucketSource: this.bucket, originAccessIdentity: identity },
          behaviors: [
            behavior(undefined, {
              min: Duration.seconds(0),
              default: Duration.seconds(60),
              max: Duration.days(1),
            }),
            // ADR 0021: tiles and entry bundles never change at their path.
            behavior('tlog/tile/*', {
              min: Duration.days(1),
              default: Duration.days(365),
              max: Duration.days(365),
            }),
          ],
        },
      ],
      errorConfigurations: [403, 404].map((errorCode) => ({
        errorCode,
        responseCode: 404,
        responsePagePath: `/${NOT_FOUND_KEY}`,
        errorCachingMinTtl: 60,
      })),
    });
    acknowledge(distribution, 'AwsSolutions-CFR1', PUBLIC_BY_LAW);
    acknowledge(
      distribution,
      'AwsSolutions-CFR2',
      'AWS WAF is regional only in the China Regions and cannot be attached to CloudFront there (docs/deploy-china.md); the site is static and read-only, the public routes are behind the regional web ACL of the REST API',
    );
    acknowledge(
      distribution,
      'AwsSolutions-CFR7',
      'CloudFront China has no origin access control (docs/deploy-china.md): the origin access identity is the only way to keep the bucket private there',
    );
    return distribution;
  }

  /**
   * aws-cn without an ICP-filed domain: no distribution. The province's ICP-filed portal (政府网站集约化平台) copies
   * the bucket with this read-only policy, attached to its own role or user, as often as the takedown deadlines
   * allow (docs/deploy-china.md), and serves the copy at `siteUrl` with the content security policy of the output.
   */
  #mirror(): ManagedPolicy {
    const policy = new ManagedPolicy(this, 'MirrorPolicy', {
      description: 'Gongshi site: read the public site bucket to mirror it (ListBucket, GetObject)',
      statements: [
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }),
      ],
    });
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*]`,
      'the mirror copies the whole public site: every object of this bucket is published material, and it reads nothing else',
    );
    return policy;
  }
}
