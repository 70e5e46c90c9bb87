package ai.buena.leads.runtime.generate;

import java.util.Arrays;
import java.util.List;

/** The built-in word lists synthetic leads are made of. */
final class Vocabulary {

  record Company(String name, String domain, String industry) {}

  record Location(String name, String dialCode) {}

  static final List<String> FIRST_NAMES =
      commaSeparated(
          """
          John, Jane, Michael, Sarah, David, Emily, James, Jessica, Robert, Ashley, William,
          Jennifer, Richard, Amanda, Joseph, Stephanie, Thomas, Nicole, Christopher, Elizabeth,
          Daniel, Megan, Matthew, Lauren, Anthony, Rachel, Mark, Samantha, Steven, Katherine,
          Andrew, Laura, Joshua, Olivia, Kevin, Emma, Brian, Sophia, Ryan, Isabella, Jason, Mia,
          Eric, Charlotte, Adam, Amelia, Justin, Harper, Brandon, Evelyn, Tyler, Abigail, Aaron,
          Grace, Nathan, Chloe, Benjamin, Zoe, Samuel, Lily, Alexander, Hannah, Patrick, Natalie,
          Jonathan, Victoria, Sean, Claire, Peter, Julia, Lucas, Anna, Noah, Sofia, Liam, Camila,
          Ethan, Valentina, Mateo, Lucia, Santiago, Ana, Diego, Gabriela, Carlos, Mariana, Luis,
          Fernanda, Jorge, Isabel, Pedro, Carmen, Javier, Elena, Miguel, Paula, Alejandro,
          Daniela, Wei, Mei, Jun, Li, Hiroshi, Yuki, Kenji, Aiko, Takeshi, Sakura, Min-jun,
          Seo-yeon, Ji-hoon, Ha-eun, Raj, Priya, Arjun, Ananya, Vikram, Aisha, Rohan, Kavya, Amit,
          Neha, Mohammed, Fatima, Omar, Layla, Ali, Yasmin, Hassan, Noor, Ahmed, Zainab, Kwame,
          Ama, Chinedu, Ngozi, Tunde, Amara, Kofi, Zuri, Sipho, Thandiwe, Olga, Ivan, Dmitri,
          Natalia, Sergei, Anastasia, Piotr, Agnieszka, Lukas, Hanna, Felix, Leonie, Jonas, Mila,
          Lars, Ingrid, Erik, Astrid, Sven, Freya, José, Zoë, Chloé, Renée, Søren, Björn, Ada,
          Malik, Imani, Darnell, Keisha, Tariq, Jamal, Nia, Andre, Maya
          """);

  static final List<String> LAST_NAMES =
      commaSeparated(
          """
          Doe, Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez,
          Hernandez, Lopez, Gonzalez, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin,
          Lee, Perez, Thompson, White, Harris, Sanchez, Clark, Ramirez, Lewis, Robinson, Walker,
          Young, Allen, King, Wright, Scott, Torres, Nguyen, Hill, Flores, Green, Adams, Nelson,
          Baker, Hall, Rivera, Campbell, Mitchell, Carter, Roberts, Gomez, Phillips, Evans,
          Turner, Diaz, Parker, Cruz, Edwards, Collins, Reyes, Stewart, Morris, Morales, Murphy,
          Cook, Rogers, Gutierrez, Ortiz, Morgan, Cooper, Peterson, Bailey, Reed, Kelly, Howard,
          Ramos, Kim, Cox, Ward, Richardson, Watson, Brooks, Chavez, Wood, James, Bennett, Gray,
          Mendoza, Ruiz, Hughes, Price, Alvarez, Castillo, Sanders, Patel, Myers, Long, Ross,
          Foster, Chen, Wang, Zhang, Liu, Huang, Zhao, Wu, Zhou, Tanaka, Suzuki, Sato, Watanabe,
          Yamamoto, Nakamura, Park, Choi, Jung, Kang, Singh, Kumar, Sharma, Gupta, Reddy, Iyer,
          Khan, Ahmed, Hussain, Rahman, Haddad, Nasser, Okafor, Adeyemi, Mensah, Nkosi, Okonkwo,
          Abebe, Mwangi, Diallo, Müller, Schmidt, Schneider, Fischer, Weber, Becker, Novak,
          Kowalski, Nowak, Ivanov, Petrov, Larsen, Andersen, Johansson, Lindqvist, O'Brien,
          O'Connor, McCarthy, Rossi, Russo, Ferrari, Bianchi, Dubois, Lefebvre, Moreau, da Silva,
          Santos, Oliveira, Costa, Pereira, van der Berg, de Vries, Jansen, Cohen, Levi, Friedman,
          Papadopoulos, Yilmaz, Kaya
          """);

  static final List<Company> COMPANIES =
      List.of(
          new Company("Google", "google.com", "Technology"),
          new Company("Tech Corp", "techcorp.com", "Technology"),
          new Company("Startup Inc", "startup.io", "Technology"),
          new Company("Microsoft", "microsoft.com", "Technology"),
          new Company("Amazon", "amazon.com", "E-commerce"),
          new Company("Apple", "apple.com", "Consumer Electronics"),
          new Company("Meta", "meta.com", "Technology"),
          new Company("Netflix", "netflix.com", "Media"),
          new Company("Salesforce", "salesforce.com", "SaaS"),
          new Company("Oracle", "oracle.com", "Software"),
          new Company("IBM", "ibm.com", "Technology"),
          new Company("Adobe", "adobe.com", "Software"),
          new Company("Stripe", "stripe.com", "FinTech"),
          new Company("Shopify", "shopify.com", "E-commerce"),
          new Company("Atlassian", "atlassian.com", "SaaS"),
          new Company("Zoom", "zoom.us", "SaaS"),
          new Company("Dropbox", "dropbox.com", "SaaS"),
          new Company("Airbnb", "airbnb.com", "Travel"),
          new Company("Uber", "uber.com", "Transportation"),
          new Company("Spotify", "spotify.com", "Media"),
          new Company("Twilio", "twilio.com", "SaaS"),
          new Company("Datadog", "datadoghq.com", "SaaS"),
          new Company("Snowflake", "snowflake.com", "Data"),
          new Company("MongoDB", "mongodb.com", "Software"),
          new Company("HubSpot", "hubspot.com", "SaaS"),
          new Company("Zendesk", "zendesk.com", "SaaS"),
          new Company("Asana", "asana.com", "SaaS"),
          new Company("Notion", "notion.so", "SaaS"),
          new Company("Figma", "figma.com", "Software"),
          new Company("Canva", "canva.com", "Software"),
          new Company("Intercom", "intercom.com", "SaaS"),
          new Company("GitLab", "gitlab.com", "Software"),
          new Company("Cloudflare", "cloudflare.com", "Cybersecurity"),
          new Company("Okta", "okta.com", "Cybersecurity"),
          new Company("Palantir", "palantir.com", "Data"),
          new Company("Databricks", "databricks.com", "Data"),
          new Company("Confluent", "confluent.io", "Data"),
          new Company("Elastic", "elastic.co", "Software"),
          new Company("HashiCorp", "hashicorp.com", "Software"),
          new Company("Plaid", "plaid.com", "FinTech"),
          new Company("Revolut", "revolut.com", "FinTech"),
          new Company("Monzo", "monzo.com", "FinTech"),
          new Company("Klarna", "klarna.com", "FinTech"),
          new Company("Wise", "wise.com", "FinTech"),
          new Company("Robinhood", "robinhood.com", "FinTech"),
          new Company("Coinbase", "coinbase.com", "Crypto"),
          new Company("Brex", "brex.com", "FinTech"),
          new Company("Ramp", "ramp.com", "FinTech"),
          new Company("Chime", "chime.com", "FinTech"),
          new Company("Siemens", "siemens.com", "Manufacturing"),
          new Company("SAP", "sap.com", "Software"),
          new Company("Deloitte", "deloitte.com", "Consulting"),
          new Company("Accenture", "accenture.com", "Consulting"),
          new Company("McKinsey & Company", "mckinsey.com", "Consulting"),
          new Company("Acme Corp", "acme.com", "Manufacturing"),
          new Company("Globex", "globex.com", "Manufacturing"),
          new Company("Initech", "initech.com", "Software"),
          new Company("Umbrella Health", "umbrellahealth.com", "Healthcare"),
          new Company("Stark Industries", "starkindustries.com", "Manufacturing"),
          new Company("Wayne Enterprises", "wayne.com", "Conglomerate"),
          new Company("Hooli", "hooli.xyz", "Technology"),
          new Company("Pied Piper", "piedpiper.com", "Technology"),
          new Company("Vandelay Industries", "vandelay.com", "Import/Export"),
          new Company("Cyberdyne Systems", "cyberdyne.com", "Robotics"),
          new Company("Wonka Industries", "wonka.com", "Food & Beverage"),
          new Company("Northwind Traders", "northwind.com", "Retail"),
          new Company("Contoso", "contoso.com", "Technology"),
          new Company("Fabrikam", "fabrikam.com", "Manufacturing"),
          new Company("Tailspin Toys", "tailspintoys.com", "Retail"),
          new Company("Adventure Works", "adventure-works.com", "Retail"),
          new Company("Woodgrove Bank", "woodgrovebank.com", "Banking"),
          new Company("Lucerne Publishing", "lucernepublishing.com", "Media"),
          new Company("Bluewave Health", "bluewavehealth.com", "Healthcare"),
          new Company("Greenleaf Energy", "greenleaf.energy", "Energy"),
          new Company("Summit Logistics", "summitlogistics.com", "Logistics"),
          new Company("Horizon Biotech", "horizonbio.com", "Biotech"),
          new Company("Quantum Dynamics", "quantumdynamics.ai", "AI"),
          new Company("Nimbus Cloud", "nimbuscloud.io", "Cloud"),
          new Company("BrightPath Education", "brightpath.edu", "Education"),
          new Company("Evergreen Realty", "evergreenrealty.com", "Real Estate"),
          new Company("Ironclad Security", "ironclad.security", "Cybersecurity"),
          new Company("Pinnacle Consulting", "pinnacleconsulting.com", "Consulting"),
          new Company("Lumen Analytics", "lumenanalytics.io", "Data"),
          new Company("Helix Robotics", "helixrobotics.com", "Robotics"));

  static final List<String> TITLES =
      commaSeparated(
          """
          Senior Software Engineer, Software Engineer, Staff Software Engineer,
          Principal Engineer, Engineering Manager, Director of Engineering, VP Engineering, CTO,
          CEO, COO, CFO, CMO, Founder, Co-Founder, VP Sales, Sales Director, Account Executive,
          Senior Account Executive, Sales Development Representative,
          Business Development Manager, Head of Sales, Head of Marketing, Marketing Manager,
          Growth Marketing Manager, Content Marketing Manager, Product Marketing Manager,
          Director of Marketing, VP Marketing, Product Manager, Senior Product Manager,
          Head of Product, VP Product, Product Designer, UX Researcher, Design Lead,
          Data Scientist, Senior Data Scientist, Data Engineer, Machine Learning Engineer,
          Head of Data, DevOps Engineer, Site Reliability Engineer, Security Engineer, CISO,
          IT Manager, Solutions Architect, Customer Success Manager, Head of Customer Success,
          Operations Manager, Head of Operations, HR Manager, Head of People,
          Talent Acquisition Lead, Recruiter, Finance Manager, Controller, Procurement Manager,
          General Counsel, Chief of Staff, Frontend Developer, Backend Developer,
          Full Stack Developer, QA Engineer, Technical Lead
          """);

  static final List<Location> LOCATIONS =
      List.of(
          new Location("San Francisco, CA", "1"),
          new Location("New York, NY", "1"),
          new Location("Austin, TX", "1"),
          new Location("Seattle, WA", "1"),
          new Location("Boston, MA", "1"),
          new Location("Chicago, IL", "1"),
          new Location("Los Angeles, CA", "1"),
          new Location("Denver, CO", "1"),
          new Location("Atlanta, GA", "1"),
          new Location("Miami, FL", "1"),
          new Location("Portland, OR", "1"),
          new Location("San Diego, CA", "1"),
          new Location("Washington, DC", "1"),
          new Location("Toronto, ON", "1"),
          new Location("Vancouver, BC", "1"),
          new Location("London, UK", "44"),
          new Location("Manchester, UK", "44"),
          new Location("Dublin, Ireland", "353"),
          new Location("Berlin, Germany", "49"),
          new Location("Munich, Germany", "49"),
          new Location("Paris, France", "33"),
          new Location("Amsterdam, Netherlands", "31"),
          new Location("Stockholm, Sweden", "46"),
          new Location("Copenhagen, Denmark", "45"),
          new Location("Zurich, Switzerland", "41"),
          new Location("Madrid, Spain", "34"),
          new Location("Barcelona, Spain", "34"),
          new Location("Lisbon, Portugal", "351"),
          new Location("Milan, Italy", "39"),
          new Location("Warsaw, Poland", "48"),
          new Location("Tel Aviv, Israel", "972"),
          new Location("Dubai, UAE", "971"),
          new Location("Bangalore, India", "91"),
          new Location("Mumbai, India", "91"),
          new Location("Singapore", "65"),
          new Location("Tokyo, Japan", "81"),
          new Location("Seoul, South Korea", "82"),
          new Location("Sydney, Australia", "61"),
          new Location("São Paulo, Brazil", "55"),
          new Location("Mexico City, Mexico", "52"),
          new Location("Lagos, Nigeria", "234"),
          new Location("Nairobi, Kenya", "254"),
          new Location("Cape Town, South Africa", "27"));

  static final List<String> TAGS =
      commaSeparated(
          """
          ai, enterprise, high-priority, startup, technical, decision-maker, budget-approved,
          warm, cold-outreach, webinar, conference, trial, demo-requested, q1-target, q2-target,
          partner, renewal, upsell, smb, mid-market, fintech, healthcare, saas, security, inbound,
          outbound, newsletter, champion, competitor-user, follow-up
          """);

  static final List<String> NOTES =
      List.of(
          "Interested in AI solutions. Follow up next week.",
          "Met at SaaStr; asked for a demo of the reporting module.",
          "Evaluating three vendors, decision expected next quarter.",
          "Budget frozen until the new fiscal year.",
          "Referred by an existing customer, very warm.",
          "Asked about SSO and audit logs before a trial.",
          "Prefers e-mail over calls. Busy on Mondays.",
          "Downloaded the pricing whitepaper twice.",
          "Currently using a competitor, contract ends in six months.",
          "Wants a proposal for 50 seats.",
          "Champion inside the team, needs buy-in from the CFO.",
          "Attended the webinar on pipeline automation.",
          "Not the decision maker; introduced us to the VP.",
          "Security review required before any pilot.",
          "Expanding the team in Europe this year.",
          "Reached out through the website chat about integrations.",
          "Imported from the Q3 trade show list.",
          "Looking for a partner for a data migration project.",
          "Asked to reconnect after the product launch.",
          "Small team, price sensitive, likes the free tier.");

  static final List<String> CONTACT_NOTES =
      List.of(
          "Sent intro e-mail with case study.",
          "Left a voicemail.",
          "Connected on LinkedIn, sent a short note.",
          "Follow-up on the demo request.",
          "Shared pricing sheet.",
          "Quick call, asked to follow up in two weeks.",
          "Sent calendar invite for a discovery call.",
          "Replied to their question about the API.",
          "Checked in after the trial started.",
          "Sent the security questionnaire.",
          "Invited to the customer webinar.",
          "Bumped the previous thread.");

  static final List<String> PERSONAL_EMAIL_DOMAINS =
      List.of("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com");

  static final List<String> EMPLOYEE_COUNTS =
      List.of("1-10", "11-50", "51-200", "201-1000", "1000+");

  static final List<String> BUDGETS = List.of("<$10k", "$10k-$25k", "$25k-$50k", "$50k+", "$100k+");

  static final List<String> CUSTOM_FIELD_KEYS =
      List.of("industry", "employeeCount", "budget", "leadScore", "newsletterOptIn");

  private Vocabulary() {}

  private static List<String> commaSeparated(String words) {
    return Arrays.stream(words.split(",")).map(String::strip).filter(w -> !w.isEmpty()).toList();
  }
}
