/** The catalogue publisher's composition root (R10): the publisher's site and the catalogue's store and uploads. */
import type { CatalogPublisherDependencies } from '../../shared/app/catalog-publish.ts';
import type { UploadStore } from '../../shared/ports.ts';
import { catalog } from './dependencies.ts';
import { publisherDeps } from './publisher.ts';

let loading: Promise<UploadStore> | undefined;
function load(): Promise<UploadStore> {
  loading ??= import('./uploads.ts').then((module) => module.uploads);
  return loading;
}

/**
 * The uploads bucket, configured when a catalogue item first needs it: the publisher and the reconcile sweep
 * serve decisions too, and a deployment whose uploads bucket is not wired yet (UPLOAD_BUCKET) must keep
 * publishing them. A catalogue item then fails loudly, is retried, and raises PublishFailures.
 */
export const publisherUploads: UploadStore = {
  presignPut: async (upload) => (await load()).presignPut(upload),
  head: async (key) => (await load()).head(key),
  read: async (key) => (await load()).read(key),
};

export const catalogPublisherDeps: CatalogPublisherDependencies = {
  catalog,
  agencies: publisherDeps.agencies,
  clock: publisherDeps.clock,
  site: publisherDeps.site,
  siteConfig: publisherDeps.siteConfig,
  uploads: publisherUploads,
};
