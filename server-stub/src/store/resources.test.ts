// Lists and status reads of ResourceStore: a page is what paginating the whole filtered list would
// give (same documents, has_more, next_cursor, the same 422 for a cursor outside the list), but it is
// read from the cursor's place and stops as soon as the page is full; documents by status come from
// the status index.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/problem.js';
import { openDatabase } from './db.js';
import { paginate, ResourceStore } from './resources.js';

interface Doc {
  id: string;
  status: string;
  n: number;
}

function storeWith(count: number, statusOf: (i: number) => string = (i) => (i % 3 === 0 ? 'queued' : 'done')) {
  const db = openDatabase(':memory:');
  for (const id of ['acct_a', 'acct_b']) db.prepare("INSERT INTO accounts (id, data) VALUES (?, '{}')").run(id);
  const store = new ResourceStore(db);
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) {
    const doc = { id: `doc_${i}`, status: statusOf(i), n: i };
    store.insert('acct_a', 'thing', doc);
    docs.unshift(doc); // newest first
  }
  store.insert('acct_b', 'thing', { id: 'other_account', status: 'queued', n: -1 });
  store.insert('acct_a', 'other_kind', { id: 'other_kind', status: 'queued', n: -1 });
  return { store, docs };
}

/** The page, or the problem's code and message. */
const outcome = (page: () => unknown) => {
  try {
    return page();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, message: err.message };
    throw err;
  }
};

describe('ResourceStore.list', () => {
  const { store, docs } = storeWith(40);

  test.prop([
    fc.integer({ min: 1, max: 45 }),
    fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 39 }).map((i) => `doc_${i}`),
        fc.constantFrom('missing', 'other_account', 'other_kind'),
      ),
      {
        nil: undefined,
      },
    ),
    fc.option(fc.integer({ min: 2, max: 5 }), { nil: undefined }),
  ])('gives the page that paginating the whole filtered list gives', (limit, startingAfter, every) => {
    const filter = every === undefined ? undefined : (d: Doc) => d.n % every !== 0;
    const want = outcome(() => paginate(filter ? docs.filter(filter) : docs, { limit, startingAfter }));
    expect(outcome(() => store.list<Doc>('acct_a', 'thing', { limit, startingAfter, filter }))).toEqual(want);
  });

  it('walks every document once, page by page', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = store.list<Doc>('acct_a', 'thing', { limit: 7, startingAfter: cursor });
      seen.push(...page.data.map((d) => d.id));
      if (!page.has_more) break;
      cursor = page.next_cursor ?? undefined;
    }
    expect(seen).toEqual(docs.map((d) => d.id));
  });

  it('reads from the cursor and stops once the page is full, whatever the list’s length', () => {
    const { store: big } = storeWith(2_000);
    // given a page of 5 after document 1 000 of 2 000; want the filter to see the cursor, 5 documents and the one that says has_more
    let looked = 0;
    const page = big.list<Doc>('acct_a', 'thing', {
      limit: 5,
      startingAfter: 'doc_1000',
      filter: () => {
        looked++;
        return true;
      },
    });
    expect(page.data.map((d) => d.n)).toEqual([999, 998, 997, 996, 995]);
    expect(page.has_more).toBe(true);
    expect(looked).toBe(7);
  });
});

describe('ResourceStore.withStatus', () => {
  it('reads the documents in those states, newest first, of that account and kind only', () => {
    const { store, docs } = storeWith(30, (i) => ['queued', 'ringing', 'done'][i % 3]);
    const want = docs.filter((d) => d.status !== 'done').map((d) => d.id);
    expect(store.withStatus<Doc>('acct_a', 'thing', ['queued', 'ringing']).map((d) => d.id)).toEqual(want);
    expect(store.withStatus<Doc>('acct_a', 'thing', [])).toEqual([]);
  });
});
