async function exportAllLeads() {
const allLeads = [];
let page = 1;
let hasMore = true;
while (hasMore) {
const response = await fetch(
`https://api.buena.ai/api/v2/leads?page=${page}&limit=100&sortBy=createdAt&sortOrder=asc`,
{
headers: { "x-api-key": process.env.BUENA_API_KEY },
}
);
const data = await response.json();
allLeads.push(...data.data.leads);
hasMore = data.data.pagination.hasNextPage;
page++;
console.log(`Exported page ${page - 1} (${data.data.leads.length} leads)`);
// Rate limiting
await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(`Total leads exported: ${allLeads.length}`);
// Save to file or send to backup service
require("fs").writeFileSync(
`leads-backup-${new Date().toISOString().split("T")[0]}.json`,
JSON.stringify(allLeads, null, 2)
);
return allLeads;
}
