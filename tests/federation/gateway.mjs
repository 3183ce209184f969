// Composes our subgraph with a small "jobs" subgraph written for this test,
// runs @apollo/gateway in front of both, and queries across them both ways:
//   ours -> jobs:  stakeholders { openRoles }          (jobs extends Stakeholder)
//   jobs -> ours:  openRoles { employer skills { ... } } (_entities on our side)
// and checks that the Authorization header reaches us through the gateway.
// Usage: node tests/federation/gateway.mjs http://127.0.0.1:PORT/graphql
import assert from "node:assert/strict";
import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

const ours = process.argv[2];

async function post(url, query, variables = {}, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

// --- data the jobs service refers to: real ids from our API ---------------------
const employers = (await post(ours, `{ stakeholders(first: 3, filter: { groups: [EMPLOYERS] }) {
  edges { node { id name } } } }`)).stakeholders.edges.map((e) => e.node);
const skills = (await post(ours, `{ skills(first: 4, filter: { text: "computer" }) {
  edges { node { id name } } } }`)).skills.edges.map((e) => e.node);
assert.ok(employers.length >= 2 && skills.length >= 2, "seed data missing");
const roles = employers.map((employer, i) => ({
  id: `role-${i}`,
  title: `Role ${i} at ${employer.name}`,
  employerId: employer.id,
  skillIds: skills.slice(i % 2, (i % 2) + 2).map((s) => s.id),
}));

// --- the jobs subgraph ---------------------------------------------------------
const jobsTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query { openRoles: [OpenRole!]! }

  type OpenRole {
    id: ID!
    title: String!
    employer: Stakeholder!
    skills: [Skill!]!
  }

  # Stakeholders live in the LER map subgraph; jobs adds their open roles. (A comment,
  # not a description: a description here would replace the owner's in the supergraph.)
  type Stakeholder @key(fields: "id") {
    id: ID!
    openRoles: [OpenRole!]!
  }

  # Skills live in the LER map subgraph; jobs only refers to them.
  type Skill @key(fields: "id", resolvable: false) {
    id: ID!
  }
`);
const jobsResolvers = {
  Query: { openRoles: () => roles },
  OpenRole: {
    employer: (role) => ({ __typename: "Stakeholder", id: role.employerId }),
    skills: (role) => role.skillIds.map((id) => ({ __typename: "Skill", id })),
  },
  Stakeholder: {
    __resolveReference: (ref) => ({ id: ref.id }),
    openRoles: (stakeholder) => roles.filter((r) => r.employerId === stakeholder.id),
  },
};
const jobs = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: jobsTypeDefs, resolvers: jobsResolvers }) });
const { url: jobsUrl } = await startStandaloneServer(jobs, { listen: { host: "127.0.0.1", port: 0 } });

// --- composition ---------------------------------------------------------------
const ourSdl = (await post(ours, "{ _service { sdl } }"))._service.sdl;
const composed = composeServices([
  { name: "lermap", typeDefs: parse(ourSdl), url: ours },
  { name: "jobs", typeDefs: jobsTypeDefs, url: jobsUrl },
]);
assert.equal(composed.errors, undefined, String(composed.errors));
const hints = (composed.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`);

// --- the gateway, passing the caller's Authorization header to every subgraph ----
const gateway = new ApolloGateway({
  supergraphSdl: composed.supergraphSdl,
  buildService: ({ url }) => new RemoteGraphQLDataSource({
    url,
    willSendRequest({ request, context }) {
      if (context.authorization) request.http.headers.set("authorization", context.authorization);
    },
  }),
});
const server = new ApolloServer({ gateway });
const { url: gatewayUrl } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: 0 },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});

try {
  // ours -> jobs -> ours
  const forward = await post(gatewayUrl, `{ stakeholders(first: 3, filter: { groups: [EMPLOYERS] }) {
    edges { node { id name openRoles { title skills { id name framework } } } } } }`);
  const nodes = forward.stakeholders.edges.map((e) => e.node);
  assert.deepEqual(nodes.map((n) => n.id), employers.map((e) => e.id));
  for (const node of nodes) {
    const expected = roles.filter((r) => r.employerId === node.id);
    assert.deepEqual(node.openRoles.map((r) => r.title), expected.map((r) => r.title));
    for (const role of node.openRoles) {
      for (const skill of role.skills) {
        assert.equal(skill.name, skills.find((s) => s.id === skill.id).name);
        assert.equal(skill.framework, "ESCO");
      }
    }
  }

  // jobs -> ours, through _entities
  const backward = await post(gatewayUrl, `{ openRoles { title employer { id name groups }
    skills { name broader { name } credentials(first: 2) { totalCount } } } }`);
  assert.equal(backward.openRoles.length, roles.length);
  for (const [i, role] of backward.openRoles.entries()) {
    assert.equal(role.employer.id, roles[i].employerId);
    assert.ok(role.employer.groups.includes("EMPLOYERS"));
    assert.equal(role.skills.length, 2);
    assert.ok(role.skills.every((s) => typeof s.name === "string" && s.name.length > 0));
  }

  // the Authorization header passes through the gateway
  const tag = Math.random().toString(36).slice(2, 10);
  const registered = await post(ours, `mutation($i: RegisterStakeholderInput!) {
    registerStakeholder(input: $i) { apiKey stakeholder { id } errors { code } } }`, {
    i: { name: `Gateway Probe ${tag}`, groups: ["HR_SYSTEMS"], website: `https://${tag}.gateway.example`,
         contactEmail: "probe@example.org" },
  });
  const key = registered.registerStakeholder.apiKey;
  const me = await post(gatewayUrl, "{ me { id openRoles { id } } }", {},
                        { authorization: `Bearer ${key}` });
  assert.equal(me.me.id, registered.registerStakeholder.stakeholder.id);
  const anonymous = await post(gatewayUrl, "{ me { id } }");
  assert.equal(anonymous.me, null);

  console.log(JSON.stringify({ composed: true, hints, forward: nodes.length,
                               backward: backward.openRoles.length, authorizationPassed: true }));
  if (hints.length) {
    console.error(`composition hints:\n${hints.join("\n")}`);
    process.exitCode = 1;
  }
} finally {
  await server.stop();
  await jobs.stop();
}
