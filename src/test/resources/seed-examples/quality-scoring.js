function calculateLeadScore(lead) {
let score = 0;
// Company size scoring
if (lead.customFields?.employeeCount) {
const sizeMap = {
"1-10": 1,
"11-50": 2,
"51-200": 3,
"201-1000": 4,
"1000+": 5,
};
score += sizeMap[lead.customFields.employeeCount] || 0;
}
// Title scoring
const seniorTitles = ["ceo", "cto", "vp", "director", "head", "senior"];
if (seniorTitles.some((title) => lead.title?.toLowerCase().includes(title))) {
score += 3;
}
// Engagement scoring
if (lead.status === "replied") score += 5;
else if (lead.status === "contacted") score += 2;
// Source scoring
if (lead.source === "referral") score += 4;
else if (lead.source === "linkedin") score += 2;
// Recency scoring
if (lead.lastContactedAt) {
const daysSinceContact = Math.floor(
(new Date() - new Date(lead.lastContactedAt)) / (1000 * 60 * 60 * 24)
);
if (daysSinceContact <= 7) score += 3;
else if (daysSinceContact <= 30) score += 1;
}
return Math.min(score, 20); // Cap at 20
}
async function scoreAllLeads() {
let page = 1;
const scoredLeads = [];
while (true) {
const response = await fetch(
`https://api.buena.ai/api/v2/leads?page=${page}&limit=100`,
{
headers: { "x-api-key": process.env.BUENA_API_KEY },
}
);
const data = await response.json();
const leads = data.data.leads;
if (leads.length === 0) break;
leads.forEach((lead) => {
const score = calculateLeadScore(lead);
scoredLeads.push({ ...lead, score });
});
page++;
}
// Sort by score descending
scoredLeads.sort((a, b) => b.score - a.score);
console.log("Top 10 highest scoring leads:");
scoredLeads.slice(0, 10).forEach((lead, index) => {
console.log(
`${index + 1}. ${lead.firstName} ${lead.lastName} (${
lead.company
}) - Score: ${lead.score}`
);
});
return scoredLeads;
}
