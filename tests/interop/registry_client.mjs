// Loads our registry.json with the Digital Credentials Consortium's own client, as a
// verifier configures it, and prints what it finds for each DID asked about, as JSON.
// Usage: node tests/interop/registry_client.mjs <registry.json URL> <did>...
import { RegistryClient } from '@digitalcredentials/issuer-registry-client'

const [url, ...dids] = process.argv.slice(2)
if (!url) {
  console.error('usage: registry_client.mjs <registry.json URL> <did>...')
  process.exit(2)
}
const client = new RegistryClient()
const loaded = await client.load({ config: [{ name: 'LER Ecosystem Map', url }] })
const found = {}
for (const did of dids) {
  const entry = client.didEntry(did)
  found[did] = entry
    ? { name: entry.name, url: entry.url, location: entry.location ?? null,
        inRegistries: [...entry.inRegistries].map(r => r.name) }
    : null
}
console.log(JSON.stringify({
  loaded: loaded.map(r => ({ name: r.name, url: r.url, loaded: r.loaded })),
  size: client.didMap.size,
  found
}))
