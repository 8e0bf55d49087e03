import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NOT_FOUND_KEY, SITE_VERSIONS } from '../../shared/site/keys.ts';
import type { DeploymentConfig } from '../config.ts';
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

export interface SiteProps {
  readonly config: DeploymentConfig;
  /** The API's origin (`https://…execute-api…`), which the site's forms post to. */
  readonly apiOrigin: string;
}

/**
 * The public site: a private bucket the publisher writes, served only through CloudFront with origin access
 * control. Objects carry their own Cache-Control (pages and feeds a minute, assets an hour) and CloudFront
 * honours it, so a withdrawn page is gone from the edge within a minute of leaving the bucket.
 */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
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

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Gongshi site: HSTS, CSP, no sniffing, no framing',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(
            props.apiOrigin,
            `https://*.s3.${Stack.of(this).region}.amazonaws.com`,
          ),
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

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Gongshi ${props.config.stage}: 行政执法决定公示`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
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
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'the law requires publication to everyone (行政处罚法 art. 48): journalists and credit platforms abroad read it too',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'a static, read-only site of public documents behind Shield Standard; the API behind it is throttled per route. Add a WAF web ACL in front if an agency policy requires one',
    );
    if (!props.config.domainName) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'without a custom domain CloudFront serves its default certificate, whose TLS policy cannot be set; give -c domainName and -c certificateArn to get TLS 1.2 at least',
      );
    }
    this.origin = `https://${props.config.domainName ?? this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }
}
