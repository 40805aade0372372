import autocannon from "autocannon";
const [,, port, body, token, conns] = process.argv;
const r = await autocannon({ url: `http://127.0.0.1:${port}/graphql`, method: "POST", connections: Number(conns ?? 1), duration: 4,
  headers: { "content-type": "application/json", ...(token && token !== "-" ? { authorization: `Bearer ${token}` } : {}) }, body });
console.log(r.requests.average, "req/s", "p50", r.latency.p50, "p99", r.latency.p99, "non2xx", r.non2xx);
