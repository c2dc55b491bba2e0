import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { createHash } from 'node:crypto';

/*
 * The populate of a public read, written once per populate and read in one round.
 *
 * Strapi's populate builds each relation's statement again on every request with its query
 * builder, and runs a level only once the level above has answered: 14 statements in four rounds
 * for a story's default populate (people, then their portraits, …), most of a list's CPU in the
 * app and in PostgreSQL. Here each populated attribute's statement is written once per populate
 * from the same metadata, with the same joins, published filter, DISTINCT and order as Strapi's
 * (ties broken by id); a nested attribute finds its parents with a subquery from the page's ids.
 * On PostgreSQL they go into two prepared statements run at once, each attribute's rows a JSON array;
 * on SQLite they are separate statements. Rows become entries with Strapi's own `fromRow`, so
 * values come out as Strapi gives them, and each entry's attributes in the populate's order.
 *
 * Only plain populates are read here: `select` and nested `populate` on relations kept in join
 * tables (relations, components) and media. Anything else (filters, sort, limits, counts,
 * dynamic zones, polymorphic relations) gives no reader, and the caller uses Strapi's populate.
 */

// Strapi's row-to-entry conversion (dates, booleans, JSON, numbers as its fields read them); the
// package has no `exports` map, and its version is pinned.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fromRow } = require('@strapi/database/dist/query/helpers/transform.js') as { fromRow(meta: Meta, row: Row): Entry | null };

type Row = Record<string, unknown>;
type Entry = Record<string, unknown>;
interface JoinColumn {
  name: string;
  referencedColumn: string;
}
interface JoinTable {
  name: string;
  joinColumn: JoinColumn;
  inverseJoinColumn: JoinColumn;
  on?: Record<string, unknown>;
  orderBy?: Record<string, 'asc' | 'desc'>;
  morphColumn?: { idColumn: JoinColumn; typeColumn: { name: string } };
}
interface Attribute {
  type: string;
  relation?: string;
  target?: string;
  morphBy?: string;
  columnName?: string;
  joinTable?: JoinTable;
  joinColumn?: unknown;
}
interface Meta {
  uid: string;
  tableName: string;
  attributes: Record<string, Attribute>;
}
type DbPopulate = Record<string, unknown>;

/**
 * A piece of SQL and its bindings; `PARENTS` stands for the page's ids, bound when read. A set of
 * ids is either that list or a subquery.
 */
interface Sql {
  text: string;
  bindings: unknown[];
  subquery?: boolean;
}
const PARENTS = Symbol('the page ids');
const PARENTS_TEXT = '\u0000parents\u0000';
/** Pages of up to this many entries are populated by a statement that lists their ids (see `read`). */
const LISTED = 5;

interface Node {
  attribute: string;
  toMany: boolean;
  meta: Meta;
  /** Its rows, ordered, selected by one statement. */
  statement: Sql;
  /** The same rows as one JSON array (PostgreSQL), to read it with other attributes in one statement. */
  json?: Sql;
  children: Node[];
}

export interface PopulateReader {
  /** Sets every populated attribute on `entries` (entries of the populate's model, with their ids). */
  populate(entries: Entry[]): Promise<void>;
}

const TO_ONE = new Set(['oneToOne', 'manyToOne', 'morphOne']);
const JOINED = new Set(['oneToOne', 'manyToOne', 'oneToMany', 'manyToMany']);
const PLAIN_KEYS = new Set(['select', 'populate']);

const names = new Map<string, string>();
let renamed = 0;
/** A prepared statement's name: the same text, the same name, until `rename`. */
const statementName = (text: string) => {
  let name = names.get(text);
  if (name === undefined) {
    name = `newsreel_populate_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
};
/** A new name for `text`, so that every connection prepares it again. */
const rename = (text: string) => {
  renamed += 1;
  names.set(text, `${statementName(text)}_${renamed}`);
};
// PostgreSQL's "cached plan must not change result type": a prepared statement that selects
// every column (`t.*`) of a table another process has since changed.
const PLAN_CHANGED_RESULT = '0A000';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

class Unsupported extends Error {}

/**
 * The reader for `populate` (a database populate, as Strapi's `query-params` transform makes it)
 * on model `uid`, or undefined when the populate holds anything this reader does not do.
 */
export const populateReader = (strapi: Core.Strapi, uid: string, populate: DbPopulate): PopulateReader | undefined => {
  const db = strapi.db as unknown as {
    metadata: { get(uid: string): Meta };
    getSchemaName(): string | undefined;
    connection: { raw(sql: string, bindings: unknown[]): Promise<unknown> & { options(options: { name: string }): Promise<unknown> } };
    dialect: { client: string };
  };
  // Double-quoted names and the statements below are PostgreSQL's and SQLite's.
  const postgres = db.dialect.client === 'postgres';
  if (!postgres && db.dialect.client !== 'sqlite') return undefined;
  const schema = db.getSchemaName();
  const table = (name: string) => (schema ? `${quote(schema)}.${quote(name)}` : quote(name));
  const column = (meta: Meta, name: string) => meta.attributes[name]?.columnName ?? name;
  const publishedOnly = (target: string) => {
    const model = strapi.getModel(target as never);
    return Boolean(model && contentTypes.hasDraftAndPublish(model as never));
  };

  /**
   * `expression in (ids)`. PostgreSQL plans `in (subquery)` as a join over a whole index (a merge
   * semi join read every media link, 5 ms); `= any(array(subquery))` reads the ids first and
   * then looks each one up.
   */
  const within = (expression: string, ids: Sql): Sql => {
    if (!ids.subquery) return { text: `${expression}${PARENTS_TEXT}`, bindings: [PARENTS] };
    return { text: postgres ? `${expression} = any(array(${ids.text}))` : `${expression} in (${ids.text})`, bindings: ids.bindings };
  };

  /** `and j.col = ?` for each of a join table's fixed columns (a component's field, a media field). */
  const fixed = (on: Record<string, unknown>): Sql => {
    const entries = Object.entries(on);
    if (entries.some(([, value]) => typeof value !== 'string')) throw new Unsupported();
    return { text: entries.map(([name]) => ` and j.${quote(name)} = ?`).join(''), bindings: entries.map(([, value]) => value) };
  };

  /**
   * One attribute and, below it, its nested ones: its statement (rows of the target with
   * `__parent`, the id of the entry each belongs to); its nested attributes find their parents
   * among the entries it reaches (`reach`).
   */
  const nodeOf = (meta: Meta, name: string, value: unknown, parents: Sql): Node => {
    const attribute = meta.attributes[name];
    if (!attribute || attribute.type !== 'relation' || !attribute.target) throw new Unsupported();
    const branch = value === true ? {} : value;
    if (typeof branch !== 'object' || branch === null || Object.keys(branch).some((key) => !PLAIN_KEYS.has(key))) throw new Unsupported();
    const { select, populate: nested } = branch as { select?: unknown; populate?: unknown };
    if (select !== undefined && (!Array.isArray(select) || select.some((field) => typeof field !== 'string'))) throw new Unsupported();
    const target = db.metadata.get(attribute.target);

    let join: JoinTable;
    let link: { parent: string; child: string; on: Record<string, unknown>; orderBy?: Record<string, 'asc' | 'desc'> };
    if (JOINED.has(attribute.relation ?? '') && attribute.joinTable && !attribute.joinColumn) {
      join = attribute.joinTable;
      link = { parent: join.joinColumn.name, child: join.inverseJoinColumn.name, on: join.on ?? {}, orderBy: join.orderBy };
      if (join.joinColumn.referencedColumn !== 'id' || join.inverseJoinColumn.referencedColumn !== 'id') throw new Unsupported();
    } else if ((attribute.relation === 'morphOne' || attribute.relation === 'morphMany') && attribute.morphBy) {
      // Media: the file's `related` side holds the join table (files_related_mph).
      const inverse = target.attributes[attribute.morphBy];
      if (inverse?.relation !== 'morphToMany' || !inverse.joinTable?.morphColumn) throw new Unsupported();
      join = inverse.joinTable;
      const { idColumn, typeColumn } = inverse.joinTable.morphColumn;
      if (join.joinColumn.referencedColumn !== 'id' || idColumn.referencedColumn !== 'id') throw new Unsupported();
      link = { parent: idColumn.name, child: join.joinColumn.name, on: { ...join.on, [typeColumn.name]: meta.uid, field: name }, orderBy: join.orderBy };
    } else {
      throw new Unsupported();
    }

    const on = fixed(link.on);
    const orderColumns = Object.entries(link.orderBy ?? {});
    const fields = select === undefined ? undefined : (select as string[]).map((field) => column(target, field));
    const childrenNeedIds = nested !== undefined && fields !== undefined && !fields.includes('id');
    // PostgreSQL's JSON writes a bigint as a number, which loses digits past 2^53: as text, as
    // the driver gives it. Every field of a model with one (no `select`) is left to the statements.
    const bigints = new Set(Object.entries(target.attributes).filter(([, field]) => field.type === 'biginteger').map(([field, { columnName }]) => columnName ?? field));
    const columnsOf = (json: boolean) => [
      // SELECT DISTINCT, as Strapi's statement: the order columns must be among those selected.
      ...orderColumns.map(([name], index) => `j.${quote(name)} as "__o${index}"`),
      ...(fields === undefined ? ['t.*'] : fields.map((field) => (json && bigints.has(field) ? `t.${quote(field)}::text as ${quote(field)}` : `t.${quote(field)}`))),
      ...(childrenNeedIds ? ['t."id"'] : []),
      `j.${quote(link.parent)} as "__parent"`,
    ];
    // The join table's order, then the id (ties); `x` names the rows once selected.
    const orderIn = (rows: string) => [
      ...orderColumns.map(([, direction], index) => `${rows ? `${rows}.` : ''}"__o${index}" ${direction === 'desc' ? 'desc' : 'asc'}`),
      ...(fields === undefined || fields.includes('id') || childrenNeedIds ? [`${rows || 't'}."id" asc`] : []),
    ];
    const order = orderIn('');
    const belongs = within(`j.${quote(link.parent)}`, parents);
    const rest =
      ` from ${table(target.tableName)} t inner join ${table(join.name)} j on t."id" = j.${quote(link.child)}${on.text}` +
      ` where ${belongs.text}${publishedOnly(attribute.target) ? ` and t.${quote(column(target, 'publishedAt'))} is not null` : ''}`;
    const bindings = [...on.bindings, ...belongs.bindings];
    const statement: Sql = { text: `select distinct ${columnsOf(false).join(', ')}${rest}${order.length ? ` order by ${order.join(', ')}` : ''}`, bindings };
    const json: Sql | undefined =
      fields === undefined && bigints.size > 0
        ? undefined
        : {
            text: `(select coalesce(json_agg(x${order.length ? ` order by ${orderIn('x').join(', ')}` : ''}), '[]'::json) from (select distinct ${columnsOf(true).join(', ')}${rest}) x)`,
            bindings,
          };
    // The entries this attribute reaches, for its nested attributes (a superset is harmless:
    // rows are put only on the entries that were read).
    const reach: Sql = {
      text: `select j.${quote(link.child)} from ${table(join.name)} j where ${belongs.text}${on.text}`,
      bindings: [...belongs.bindings, ...on.bindings],
      subquery: true,
    };
    const node: Node = { attribute: name, toMany: !TO_ONE.has(attribute.relation ?? ''), meta: target, statement, json, children: [] };
    node.children = nodesOf(target, nested ?? {}, reach);
    return node;
  };

  const nodesOf = (meta: Meta, branches: unknown, parents: Sql): Node[] => {
    if (typeof branches !== 'object' || branches === null) throw new Unsupported();
    return Object.entries(branches).map(([name, value]) => nodeOf(meta, name, value, parents));
  };

  let roots: Node[];
  try {
    roots = nodesOf(db.metadata.get(uid), populate, { text: '', bindings: [] });
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const all: Node[] = [];
  const collect = (nodes: Node[]) => nodes.forEach((node) => (all.push(node), collect(node.children)));
  collect(roots);
  // On PostgreSQL the attributes that can be read as JSON are read together, in two statements
  // run at once (each with every other attribute): a round trip and a plan per statement, not
  // per attribute (fourteen for a story); and two, not one, because one statement runs on one
  // PostgreSQL process, where a page of 100 waited on it alone. The same two for any page size.
  const together = postgres ? all.filter((node) => node.json) : [];
  const alone = all.filter((node) => !together.includes(node));
  const combined = [0, 1]
    .map((half) => together.filter((_node, index) => index % 2 === half))
    .filter((nodes) => nodes.length > 0)
    .map((nodes) => ({
      nodes,
      sql: { text: `select ${nodes.map((node, index) => `${node.json?.text} as "${index}"`).join(', ')}`, bindings: nodes.flatMap((node) => node.json?.bindings ?? []) },
    }));

  /**
   * A statement's rows for the page's `ids`. On PostgreSQL each statement is prepared once per
   * connection under a name, so it is planned once, not on every request. A plan made for an
   * array of unknown length suits a page but not a single story (hash joins over whole tables:
   * 5.8 ms against 1.7 ms with the id itself), so up to `LISTED` ids are listed, one statement
   * per count, and a longer page is bound as one array. SQLite gets the ids as a list.
   */
  const read = async ({ text, bindings }: Sql, ids: unknown[]): Promise<Row[]> => {
    const listed = !postgres || ids.length <= LISTED;
    const sql = text.split(PARENTS_TEXT).join(listed ? ` in (${ids.map(() => '?').join(', ')})` : ' = any(?)');
    const values = bindings.flatMap((binding) => (binding !== PARENTS ? [binding] : listed ? ids : [ids]));
    if (!postgres) return (await db.connection.raw(sql, values)) as Row[];
    const prepared = () => db.connection.raw(sql, values).options({ name: statementName(sql) }) as Promise<{ rows: Row[] }>;
    try {
      return (await prepared()).rows;
    } catch (error) {
      // A migration by another process (a rolling deploy) changed the columns of a table: this
      // statement, prepared before, would fail on this connection for good. Prepare it anew.
      if ((error as { code?: string }).code !== PLAN_CHANGED_RESULT) throw error;
      rename(sql);
      return (await prepared()).rows;
    }
  };
  const byParent = (rows: Row[]) => {
    const groups = new Map<unknown, Row[]>();
    for (const row of rows) {
      const group = groups.get(row.__parent);
      if (group) group.push(row);
      else groups.set(row.__parent, [row]);
    }
    return groups;
  };

  return {
    async populate(entries: Entry[]): Promise<void> {
      if (entries.length === 0 || all.length === 0) return;
      const ids = [...new Set(entries.map((entry) => entry.id))];
      const [jsonRows, separate] = await Promise.all([
        Promise.all(combined.map(({ sql }) => read(sql, ids))),
        Promise.all(alone.map((node) => read(node.statement, ids))),
      ]);
      const groups = new Map<Node, Map<unknown, Row[]>>();
      combined.forEach(({ nodes }, statement) => nodes.forEach((node, index) => groups.set(node, byParent(jsonRows[statement][0][index] as Row[]))));
      alone.forEach((node, index) => groups.set(node, byParent(separate[index])));
      // Each place an entry appears gets its own object, as from Strapi.
      const build = (node: Node, row: Row): Entry => {
        const entry = fromRow(node.meta, row) as Entry;
        put([entry], node.children);
        return entry;
      };
      const put = (parents: Entry[], nodes: Node[]) => {
        for (const node of nodes) {
          const group = groups.get(node);
          for (const parent of parents) {
            const found = group?.get(parent.id) ?? [];
            parent[node.attribute] = node.toMany ? found.map((row) => build(node, row)) : found.length ? build(node, found[0]) : null;
          }
        }
      };
      put(entries, roots);
    },
  };
};
