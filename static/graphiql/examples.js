// Example operations GraphiQL opens with, one tab each.
window.LERMAP_EXAMPLES = [
  {
    query: `# A partner's query: employers, the credentials they accept, and the skills behind them.
# Press the run button (or Ctrl+Enter). Reads need no API key.
query Employers {
  stakeholders(first: 5, filter: { groups: [EMPLOYERS] }) {
    totalCount
    edges {
      node {
        name
        website
        acceptedCredentials(first: 5) {
          edges { node { name type issuer { name } skills { name framework } } }
        }
        suggestedPartners(first: 2) { score reasons stakeholder { name } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    query: `# Register your organization. The answer holds your API key: it is shown once,
# so keep it. Then put it in the Headers tab below as
# {"Authorization": "Bearer lerk_..."}
mutation Register($input: RegisterStakeholderInput!) {
  registerStakeholder(input: $input) {
    apiKey
    stakeholder { id slug name verification }
    errors { code message field }
  }
}
`,
    variables: JSON.stringify({
      input: {
        name: "Example Learning Co",
        groups: ["CREDENTIALING_ORGANIZATIONS"],
        roles: ["ISSUER"],
        website: "https://learning.example.org",
        contactEmail: "ops@example.org",
        standardIds: ["std:open-badges", "std:vc"],
      },
    }, null, 2),
  },
  {
    query: `# Propose a partnership (needs your API key in the Headers tab).
# Find a partner's id with: { stakeholder(slug: "jobs-for-the-future") { id } }
mutation Propose($partnerId: ID!) {
  proposePartnership(input: { partnerId: $partnerId, purpose: "Pilot verifiable credentials" }) {
    partnership { id status members { name } }
    errors { code message field }
  }
}
`,
    variables: JSON.stringify({ partnerId: "paste a stakeholder id" }, null, 2),
    headers: JSON.stringify({ Authorization: "Bearer lerk_your_key_here" }, null, 2),
  },
  {
    query: `# The change feed: what changed, oldest first. Keep pageInfo.endCursor and ask
# again with after: it to get only what is new. With your API key (Headers tab) you
# also see your own private changes. The same as JSON: GET /changes?after=&limit=
query Changes($after: String) {
  changes(after: $after, first: 20, types: [STAKEHOLDER_REGISTERED, CREDENTIAL_ADDED]) {
    edges {
      node {
        sequence at type fields
        entity {
          __typename
          ... on Stakeholder { id name }
          ... on Credential { id name }
          ... on RemovedRecord { id recordType }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    query: `# Changes as they happen (run it, then register or change something in another
# tab). After a disconnect, pass the last change's cursor as after: to miss nothing.
subscription Live {
  changes(types: [STAKEHOLDER_REGISTERED, STAKEHOLDER_UPDATED, CREDENTIAL_ADDED]) {
    sequence cursor at type recordId
    entity { __typename ... on Stakeholder { name } ... on Credential { name } }
  }
}
`,
  },
];
