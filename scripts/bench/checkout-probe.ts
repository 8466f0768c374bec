// Where placing an order spends its time, deterministically (issue 22): N guest orders placed one
// after another through the model (placeOrder, as the /checkout action calls it), each after one
// add to cart, on the bench's database. Counts the statements and round trips of each placeOrder
// (BEGIN and COMMIT included), their client-side latency by statement, and this process's CPU time
// per placeOrder. Usage:
//   DATABASE_URL=postgres://…/order_medium tsx --tsconfig tsconfig.json scripts/bench/checkout-probe.ts [N]
// It writes orders into that database (and raises the chosen variants' stock so none runs out):
// never point it at a database whose figures matter.
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../../db/schema";

const URL_ = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(URL_)) throw new Error("DATABASE_URL must be a postgres:// URL");
process.env.SESSION_SECRET ??= "bench-session-secret-not-for-production-0123456789";
process.env.PII_KEY ??= "b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4b3c4";
process.env.NODE_ENV ??= "production";
process.env.SEED_DEMO_DATA = "0";
const N = Number(process.argv[2] ?? 200);

type Stat = { n: number; ms: number };
let counting = false;
let roundTrips = 0;
let outstanding = 0;
const byText = new Map<string, Stat>();
const record = (text: string, ms: number) => {
  if (!counting) return;
  const key = text.replace(/\s+/g, " ").slice(0, 140);
  const st = byText.get(key) ?? { n: 0, ms: 0 };
  st.n++;
  st.ms += ms;
  byText.set(key, st);
};

/** db/client.ts's prepared-statement proxy, timing every statement it sends. */
function preparing(client: postgres.Sql): postgres.Sql {
  const wrap =
    <T>(fn: (tx: postgres.Sql) => T) =>
    (tx: postgres.Sql) =>
      fn(preparing(tx));
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "unsafe")
        return (text: string, args: unknown[] = [], options: Record<string, unknown> = {}) => {
          const q = target.unsafe(text, args as never, args.length ? { ...options, prepare: true } : options);
          let t0 = 0;
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            outstanding--;
            record(text, performance.now() - t0);
          };
          const then = q.then.bind(q);
          // postgres.js queries are lazy thenables, sent when first awaited. A statement sent while
          // another is still out is pipelined on the connection: not a round trip of its own.
          (q as unknown as { then: unknown }).then = (
            ok?: (v: unknown) => unknown,
            ko?: (e: unknown) => unknown,
          ) => {
            if (!t0) {
              t0 = performance.now();
              if (counting && outstanding === 0) roundTrips++;
              outstanding++;
            }
            return then(
              (v: unknown) => {
                finish();
                return ok ? ok(v) : v;
              },
              (e: unknown) => {
                finish();
                if (ko) return ko(e);
                throw e;
              },
            );
          };
          return q;
        };
      if (prop === "begin" || prop === "savepoint")
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          const t0 = performance.now();
          return (Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>)
            .call(target, ...args, wrap(fn))
            .finally(() => {
              // BEGIN and COMMIT (or ROLLBACK): two round trips postgres.js sends itself.
              if (counting) roundTrips += 2;
              record("(transaction, whole)", performance.now() - t0);
            });
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const client = postgres(URL_, { max: 10, onnotice: () => {} });
const db = drizzle(preparing(client), { schema });
(globalThis as Record<string, unknown>).__xfbDatabase = {
  db,
  engine: "postgres",
  label: "probe",
  close: () => client.end({ timeout: 5 }),
  ping: async () => {},
};

const { addToCart } = await import("../../app/models/ordering/cart.server");
const { placeOrder } = await import("../../app/models/ordering/checkout.server");

const variants = (
  await client`
    select v.id from product_variants v join products p on p.id = v.product_id join suppliers s on s.id = p.supplier_id
    where v.active and p.status = 'active' and s.status = 'active'
      and not exists (select 1 from variant_presales vp where vp.variant_id = v.id and vp.ended_at is null)
    order by p.sales_count desc, v.id limit 50`
).map((r) => String(r.id));
await client`update product_variants set stock = greatest(stock, 1000000) where id = any(${variants}::uuid[])`;

const SHIPPING = {
  contactName: "压测买家",
  contactMobile: "13900000000",
  province: "河南省",
  city: "三门峡市",
  district: "湖滨区",
  detail: "黄河路 100 号 1 栋",
};

async function one(i: number, measure: boolean) {
  const added = await addToCart({ owner: {}, variantId: variants[i % variants.length], quantity: 1 });
  if (!added.ok) throw new Error(`add: ${added.code}`);
  const owner = { cartId: added.cartId };
  counting = measure;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await placeOrder({ owner, shipping: SHIPPING, origin: "http://127.0.0.1" });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  counting = false;
  if (!result.ok) throw new Error(`placeOrder: ${result.code}`);
  return { wall, cpuMs: (cpu.user + cpu.system) / 1000 };
}

for (let i = 0; i < 20; i++) await one(i, false); // warm: JIT, prepared statements on the pool
roundTrips = 0;
byText.clear();
const walls: number[] = [];
let cpuMs = 0;
for (let i = 0; i < N; i++) {
  const r = await one(i, true);
  walls.push(r.wall);
  cpuMs += r.cpuMs;
}
walls.sort((a, b) => a - b);
const q = (p: number) => walls[Math.min(walls.length - 1, Math.floor(p * walls.length))].toFixed(2);
const statements = [...byText.entries()].filter(([k]) => k !== "(transaction, whole)");
console.log(
  JSON.stringify({
    orders: N,
    statementsPerOrder: statements.reduce((a, [, v]) => a + v.n, 0) / N,
    roundTripsPerOrder: roundTrips / N,
    cpuMsPerOrder: +(cpuMs / N).toFixed(2),
    wallMs: { p50: q(0.5), p95: q(0.95), mean: (walls.reduce((a, b) => a + b, 0) / N).toFixed(2) },
  }),
);
for (const [text, st] of [...byText.entries()].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`${(st.ms / N).toFixed(3).padStart(7)} ms/order  ×${(st.n / N).toFixed(1)}  ${text}`);
await client.end({ timeout: 5 });
