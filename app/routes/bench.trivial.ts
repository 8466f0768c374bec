// The benchmark's yardstick (npm run bench): a resource route that touches neither the database
// nor the session, so every other route's throughput is reported as a ratio to this one's.
export function loader() {
  return new Response("ok", {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
