import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { getService } from '../utils/get-service';
import type { Locale } from './mailer';
import type { Subscriber } from './subscribers';

const SUBSCRIBER = 'plugin::newsletter.subscriber';

/** Lines of a CSV import, header included. */
export const MAX_IMPORT_LINES = 100_000;
const BATCH = 200;
const EXPORT_COLUMNS = ['email', 'name', 'status', 'locale', 'source', 'consentedAt', 'confirmedAt', 'unsubscribedAt', 'suppressedAt', 'suppressionReason'] as const;
// The same check as the public routes' (yup's email()), without building a schema per line.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;

export type ImportStatus = 'subscribed' | 'pending';

export interface ImportReport {
  created: number;
  updated: number;
  skipped: number;
  /** Addresses refused because they are suppressed, or were erased: never added back by an import. */
  suppressed: number;
  errors: { line: number; message: string }[];
}

interface Entry {
  line: number;
  email: string;
  locale?: Locale;
  name?: string;
}

/** Reads one CSV record into an entry, or says what is wrong with it. */
const readRecord = (record: Record<string, unknown>, line: number): Entry | { line: number; message: string } => {
  const email = String(record.email ?? '').trim().toLowerCase();
  if (email === '') return { line, message: 'email is missing' };
  if (email.length > 254 || !EMAIL.test(email)) return { line, message: `"${email.slice(0, 80)}" is not an email address` };
  const locale = String(record.locale ?? '').trim().toLowerCase();
  if (locale !== '' && locale !== 'en' && locale !== 'fr') return { line, message: `locale must be en or fr, not "${locale.slice(0, 20)}"` };
  const name = String(record.name ?? '').trim();
  if (name.length > 200) return { line, message: 'name is longer than 200 characters' };
  return { line, email, locale: (locale || undefined) as Locale | undefined, name: name || undefined };
};

/**
 * CSV import and export of the list, streamed both ways: an import holds one batch of lines at a
 * time, an export one page of rows. An import never resubscribes an address that left or was
 * suppressed.
 */
const transfer = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(SUBSCRIBER);

  /** Applies one batch; `status` says whether staff vouch for consent or each address is asked. */
  const applyBatch = async (entries: Entry[], status: ImportStatus, report: ImportReport) => {
    const byEmail = new Map<string, Entry>();
    for (const entry of entries) {
      if (byEmail.has(entry.email)) report.skipped += 1;
      byEmail.set(entry.email, entry);
    }
    const existing = (await query().findMany({ where: { email: { $in: [...byEmail.keys()] } } })) as Subscriber[];
    const known = new Map(existing.map((row) => [row.email, row]));
    const now = new Date();
    const erased = await getService(strapi, 'events').buried([...byEmail.keys()].filter((email) => !known.has(email)));
    const fresh: Entry[] = [];
    for (const entry of byEmail.values()) {
      const row = known.get(entry.email);
      if (!row && erased.has(entry.email)) {
        report.suppressed += 1;
        continue;
      }
      if (!row) {
        fresh.push(entry);
        continue;
      }
      // Someone who left, or was suppressed, stays out whatever the file says.
      if (row.status === 'suppressed') {
        report.suppressed += 1;
        continue;
      }
      if (row.status === 'unsubscribed') {
        report.skipped += 1;
        continue;
      }
      const changes: Partial<Subscriber> = {};
      if (entry.name && entry.name !== row.name) changes.name = entry.name;
      if (entry.locale && entry.locale !== row.locale) changes.locale = entry.locale;
      if (status === 'subscribed' && row.status === 'pending') {
        Object.assign(changes, { status: 'subscribed', consentedAt: now.toISOString(), confirmedAt: now.toISOString() });
      }
      if (Object.keys(changes).length === 0) {
        report.skipped += 1;
        continue;
      }
      await query().update({ where: { id: row.id }, data: changes });
      report.updated += 1;
    }
    if (fresh.length === 0) return;
    const vouched = status === 'subscribed';
    const data = fresh.map((entry) => ({
      email: entry.email,
      name: entry.name ?? null,
      locale: entry.locale ?? 'en',
      source: 'import',
      status,
      consentedAt: vouched ? now : null,
      confirmedAt: vouched ? now : null,
    }));
    try {
      await query().createMany({ data });
      report.created += data.length;
    } catch {
      // A row was added meanwhile (the address is unique): fall back to one at a time.
      for (const row of data) {
        try {
          await query().create({ data: row });
          report.created += 1;
        } catch {
          report.skipped += 1;
        }
      }
    }
    if (!vouched) {
      for (const entry of fresh) await getService(strapi, 'subscribers').request(entry.email, entry.locale ?? 'en');
    }
  };

  return {
    /** Imports a CSV stream (columns `email`, `locale`, `name`; header required). */
    async import(input: Readable, status: ImportStatus): Promise<ImportReport> {
      const report: ImportReport = { created: 0, updated: 0, skipped: 0, suppressed: 0, errors: [] };
      const parser = input.pipe(
        parse({
          bom: true,
          columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
          skip_empty_lines: true,
          relax_column_count: true,
          info: true,
        })
      );
      let batch: Entry[] = [];
      try {
        for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
          if (info.lines > MAX_IMPORT_LINES) {
            report.errors.push({ line: info.lines, message: `the file has more than ${MAX_IMPORT_LINES} lines; the rest was not read` });
            break;
          }
          if (!('email' in record)) {
            report.errors.push({ line: 1, message: 'the first line must name the columns, among them "email"' });
            break;
          }
          const entry = readRecord(record, info.lines);
          if ('message' in entry) {
            if (report.errors.length < 1000) report.errors.push(entry);
            continue;
          }
          batch.push(entry);
          if (batch.length >= BATCH) {
            await applyBatch(batch, status, report);
            batch = [];
          }
        }
      } catch (error) {
        const { lines } = (error as { lines?: number });
        report.errors.push({ line: lines ?? 0, message: `the file is not valid CSV: ${(error as Error).message}` });
      }
      if (batch.length > 0) await applyBatch(batch, status, report);
      // Whatever was not read is drained unparsed, so the client gets the answer rather than a
      // reset connection.
      input.unpipe(parser);
      if (!input.readableEnded) {
        const drained = new Promise((resolve) => input.once('end', resolve).once('close', resolve).once('error', resolve));
        input.resume();
        await drained;
      }
      return report;
    },

    /** The whole list as CSV, a page of rows at a time. */
    export(): Readable {
      const cell = (value: unknown) => (value instanceof Date ? value.toISOString() : value == null ? '' : String(value));
      const pages = async function* () {
        yield [...EXPORT_COLUMNS];
        let after = 0;
        for (;;) {
          const rows = (await query().findMany({ where: { id: { $gt: after } }, orderBy: { id: 'asc' }, limit: 1000 })) as Subscriber[];
          if (rows.length === 0) return;
          for (const row of rows) yield EXPORT_COLUMNS.map((column) => cell(row[column]));
          after = rows[rows.length - 1].id;
        }
      };
      return Readable.from(pages()).pipe(stringify());
    },
  };
};

export type TransferService = ReturnType<typeof transfer>;
export default transfer;
