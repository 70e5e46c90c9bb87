async function getLeadAnalytics() {
const statuses = ["new", "contacted", "replied", "converted", "cold"];
const analytics = {};
for (const status of statuses) {
const response = await fetch(
`https://api.buena.ai/api/v2/leads?status=${status}&limit=1`,
{
headers: { "x-api-key": process.env.BUENA_API_KEY },
}
);
const data = await response.json();
analytics[status] = data.data.pagination.total;
}
console.log("Lead Analytics:", analytics);
// Calculate conversion rate
const total = Object.values(analytics).reduce((sum, count) => sum + count, 0);
const conversionRate = ((analytics.converted / total) * 100).toFixed(1);
console.log(`Conversion Rate: ${conversionRate}%`);
return analytics;
}
