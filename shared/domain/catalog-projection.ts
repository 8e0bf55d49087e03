/**
 * What the public sees of a catalogue item (R10), built field by field like the decisions' projection, so a
 * field added to the content later stays internal until someone adds it here on purpose. Enforcement staff are
 * public by name and certificate number (四平 §四(一)2), and the agency's own phones and addresses by §四(四)21;
 * but no natural person's resident ID or mobile number is ever published (R4): every text passes the masks.
 */
import {
  type AttachmentType,
  type CatalogContent,
  type CatalogKind,
  type ContactEntry,
  kindDefinition,
  POWER_CATEGORY_LABELS,
  type PowerCategory,
  type PowerMatter,
  type RandomInspectionRow,
  type StaffEntry,
} from './catalog.ts';
import { maskCertain } from './personal-data.ts';
import { maskLongNumbers, maskMobiles } from './redaction.ts';

export interface PublicCatalogAttachment {
  readonly n: number;
  readonly name: string;
  readonly contentType: AttachmentType;
  readonly size: number;
}

export interface PublicCatalogDocument {
  readonly id: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly kind: CatalogKind;
  /** The item's number in 四平 §四(四). */
  readonly kindNumber: number;
  readonly kindLabel: string;
  readonly category?: PowerCategory;
  readonly categoryLabel?: string;
  readonly title: string;
  readonly body?: string;
  readonly legalBasis: readonly string[];
  readonly staff?: readonly StaffEntry[];
  readonly matters?: readonly PowerMatter[];
  readonly inspections?: readonly RandomInspectionRow[];
  readonly contacts?: readonly ContactEntry[];
  readonly attachments: readonly PublicCatalogAttachment[];
  readonly revision: number;
}

export interface CatalogProjectionInput {
  readonly id: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly kind: CatalogKind;
  readonly revision: number;
  readonly content: CatalogContent;
  readonly attachments: readonly PublicCatalogAttachment[];
}

/**
 * R4 for the catalogue: resident IDs (and any run of 15 or more digits) keep their first six digits, mobile
 * numbers lose their middle four. Landlines and e-mail addresses stay: the ones a catalogue names are the
 * agency's own office lines and mailboxes, which §四(四)21 requires to be public.
 */
export function maskCatalogText(text: string): string {
  // The agency's own landlines and e-mail addresses are its published contacts (R10); numbers of persons are not.
  return maskMobiles(
    maskLongNumbers(maskCertain(text, { kinds: ['resident_id', 'mobile', 'bank_card', 'long_number'] })),
  );
}

export function projectCatalogItem(input: CatalogProjectionInput): PublicCatalogDocument {
  const { content } = input;
  const definition = kindDefinition(input.kind);
  const t = maskCatalogText;
  const category = definition.category;
  return {
    id: input.id,
    agency: { id: input.agency.id, name: input.agency.name },
    kind: input.kind,
    kindNumber: definition.number,
    kindLabel: definition.label,
    ...(category ? { category, categoryLabel: POWER_CATEGORY_LABELS[category] } : {}),
    title: t(content.title),
    ...(content.body === undefined ? {} : { body: t(content.body) }),
    legalBasis: content.legalBasis.map(t),
    ...(content.staff
      ? {
          staff: content.staff.map((s) => ({
            name: t(s.name),
            certificateNumber: t(s.certificateNumber),
            area: t(s.area),
          })),
        }
      : {}),
    ...(content.matters
      ? {
          matters: content.matters.map((m) => ({
            name: t(m.name),
            basis: t(m.basis),
            details: t(m.details),
          })),
        }
      : {}),
    ...(content.inspections
      ? {
          inspections: content.inspections.map((r) => ({
            basis: t(r.basis),
            subject: t(r.subject),
            object: t(r.object),
            content: t(r.content),
            method: t(r.method),
            ratio: t(r.ratio),
            frequency: t(r.frequency),
          })),
        }
      : {}),
    ...(content.contacts ? { contacts: content.contacts.map(publicContact) } : {}),
    attachments: input.attachments.map((a) => ({
      n: a.n,
      name: t(a.name),
      contentType: a.contentType,
      size: a.size,
    })),
    revision: input.revision,
  };
}

function publicContact(c: ContactEntry): ContactEntry {
  const t = maskCatalogText;
  return {
    name: t(c.name),
    ...(c.phone === undefined ? {} : { phone: t(c.phone) }),
    ...(c.address === undefined ? {} : { address: t(c.address) }),
    ...(c.postcode === undefined ? {} : { postcode: t(c.postcode) }),
    ...(c.email === undefined ? {} : { email: t(c.email) }),
    ...(c.website === undefined ? {} : { website: t(c.website) }),
  };
}
