import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localS3Config } from '../../infra/local/aws-config.ts';
import { startSiteServer } from '../../infra/local/site-server.ts';

// Other test files publish into the platform's site bucket; this one writes only under a folder of its own
// there, and checks the root index on a second site server over a bucket of its own.
const folder = `it-${randomUUID().slice(0, 8)}`;
let s3: S3Client;

beforeAll(() => {
  s3 = new S3Client(localS3Config(inject('s3Endpoint')));
});

afterAll(() => {
  s3?.destroy();
});

async function put(bucket: string, key: string, body: string): Promise<void> {
  // Stored with S3's generic type on purpose: the site server then decides the content type by extension.
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/octet-stream' }),
  );
}

describe('the public site of the local platform', () => {
  const site = () => inject('siteUrl');

  beforeAll(async () => {
    const bucket = inject('siteBucket');
    await put(bucket, `${folder}/index.html`, '<!doctype html><title>行政执法公示</title>');
    await put(bucket, `${folder}/decisions/d-1.json`, '{"caseNumber":"四工信罚〔2025〕12号"}');
    await put(bucket, `${folder}/feed.atom`, '<feed xmlns="http://www.w3.org/2005/Atom"/>');
  });

  it('serves a folder’s index.html as HTML', async () => {
    const answer = await fetch(`${site()}/${folder}/`);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await answer.text()).toContain('行政执法公示');
  });

  it('redirects a folder asked for without its slash', async () => {
    const answer = await fetch(`${site()}/${folder}`, { redirect: 'manual' });

    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`/${folder}/`);
  });

  it('serves JSON and Atom with their content types', async () => {
    const json = await fetch(`${site()}/${folder}/decisions/d-1.json`);
    const atom = await fetch(`${site()}/${folder}/feed.atom`);

    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ caseNumber: '四工信罚〔2025〕12号' });
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  });

  it('serves the content type the site writer stored with an object', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: inject('siteBucket'),
        Key: `${folder}/atom.xml`,
        Body: '<feed xmlns="http://www.w3.org/2005/Atom"/>',
        ContentType: 'application/atom+xml; charset=utf-8',
      }),
    );

    const answer = await fetch(`${site()}/${folder}/atom.xml`);

    expect(answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  });

  it('answers a missing page with a 404 page in Chinese', async () => {
    const answer = await fetch(`${site()}/${folder}/decisions/nothing.html`);

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await answer.text()).toContain('页面不存在');
  });

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await fetch(`${site()}/${folder}/decisions/d-1.json`, { method: 'HEAD' });
    const post = await fetch(`${site()}/${folder}/decisions/d-1.json`, { method: 'POST', body: '{}' });

    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('does not let a path climb out of the bucket', async () => {
    // fetch would normalise the dots away; a raw request sends them as a client could.
    const { hostname, port } = new URL(site());
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ hostname, port, path: `/${folder}/%2e%2e/%2e%2e/%2e%2e/etc/passwd` }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });

    expect(status).toBe(404);
  });
});

describe('the root of a site', () => {
  const bucket = `site-${randomUUID().slice(0, 8)}`;
  let server: Awaited<ReturnType<typeof startSiteServer>>;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await put(bucket, 'index.html', '<!doctype html><title>首页</title>');
    server = await startSiteServer({ port: 0, s3, bucket });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('serves / as index.html', async () => {
    const answer = await fetch(`${server.url}/`);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await answer.text()).toContain('首页');
  });
});
