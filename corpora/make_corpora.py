"""Generate the binary and messy sample meetings under corpora/meetings/ from the text below.

    .venv/bin/python corpora/make_corpora.py

Writes, byte for byte reproducibly (fixed zip timestamps and document properties):

- ``arbetsmote-2025-01-13.csv``  semicolon-separated cp1252 CSV, as Swedish Excel exports it
- ``arbetsmote-2025-05-20.xlsx`` one sheet per table ("Bord 1".."Bord 6") plus an empty sheet; no
  meeting column, the meeting name is the workbook's title property
- ``konferens-2025-10-08.docx``  Word minutes: Title, Heading 1 = meeting, Heading 2 = table, bullets

``konferens-2024-10-09.md`` and ``../quotes/`` are written by hand and not generated.
Every note is invented for testing; names, phone numbers, e-mail addresses and the
personnummer are fictitious (the phone number is in PTS' range reserved for fiction).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "meetings"
FIXED_TIME = (2025, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------- arbetsmöte 13 januari 2025 (CSV)
# (Datum as typed, Bord, Anteckning, Organisation). Datum is sometimes empty or in another format:
# the notes were typed by several table hosts into one shared sheet.
JAN_MEETING = "Arbetsmöte 13 januari 2025"
JAN_ROWS: list[tuple[str, str, str, str]] = [
    # Bord 1: kompetensförsörjning
    ("2025-01-13", "1", "Brist på undersköterskor o sjuksköterskor i hela länet, värst i norra Värmland", "Region Värmland"),
    ("2025-01-13", "1", "Eleverna väljer inte de program där behoven finns – GY:s yrkesprogram tappar sökande år efter år", "Hammarö kommun"),
    ("2025-01-13", "1", "VUX-platserna fylls inte trots att jobben finns. Svårt att nå dem som står längst från arbetsmarknaden", "Karlstads kommun"),
    ("2025-01-13", "1", "\"Vi utbildar ungdomar som sen flyttar till Stockholm och aldrig kommer tillbaka\"", "Torsby kommun"),
    ("2025-01-13", "1", "Validering av utländsk vårdutbildning tar ca 1-2 år, folk hinner ge upp", "Arbetsförmedlingen"),
    ("2025-01-13", "1", "SFI + yrkesutbildning parallellt funkar bra i Arvika, borde spridas till fler kn", "Arvika kommun"),
    ("2025-01-13", "1", "- Brist på CNC-operatörer o svetsare\n- Industrin konkurrerar m vården om samma personer\n- YH-platserna räcker inte", "IUC/Stål & Verkstad"),
    ("2025-01-13", "1", "KAU:s sjuksköterskeprogram har fler sökande än platser – borde byggas ut, ev. med utlokaliserad utb. i Torsby", "Karlstads universitet"),
    ("2025-01-13", "1", "Studie- och yrkesvägledningen måste börja tidigare, redan åk 7", ""),
    ("2025-01-13", "1", "Hard to recruit engineers from abroad – housing and jobs for partners are the real bottleneck.", "Paper Province"),
    ("13/1/2025", "1", "Utbildningsnivån lägre än riket, särskilt bland unga män i glesbygd", "Länsstyrelsen Värmland"),
    ("13/1/2025", "1", "Bra samverkan skola-näringsliv i Kristinehamns teknikcollege, företagen är med och formar utb.", "Kristinehamns kommun"),
    # Bord 2: kollektivtrafik och infrastruktur
    ("2025-01-13", "2", "Bussarna går för sällan på landsbygden, ingen kvällstrafik efter kl 18", "Torsby kommun"),
    ("2025-01-13", "2", "Unga utan körkort kan inte ta sig till jobb, praktik eller fritidsaktiviteter", "Sunne kommun"),
    ("2025-01-13", "2", "Bussen går för sällan; skolskjutsen styr tidtabellen; pendling till Karlstad i princip omöjlig utan bil", "Hagfors kommun"),
    ("2025-01-13", "2", "Dynamisk kollektivtrafik (anropsstyrd) hade kunnat lösa transporterna när vi planerade för flyktingmottagande från Ukraina", "Årjängs kommun"),
    ("2025-01-13", "2", "Värmlandsbanan har för låg kapacitet, förseningar varje vecka – drabbar pendlare o godstrafik", "Handelskammaren Värmland"),
    ("2025-01-13", "2", "Vinterväghållningen på enskilda vägar brister, hemtjänst o ambulans kommer inte fram", "LRF Värmland"),
    ("2025-01-13", "2", "Ca 10 % av hushållen på landsbygden saknar fortf. fiber, sista miljonen dyrast", "Länsstyrelsen Värmland"),
    ("", "2", "Mobiltäckningen dålig längs E45 och i Klarälvdalen – problem för både företag o trygghet", "Torsby kommun"),
    ("2025-01-13", "2", "Vi i Eidskog ser at mange pendler over grensen, men togtilbudet mellom Oslo og Karlstad er altfor dårlig.", "Eidskog kommune"),
    ("2025-01-13", "2", "Bra modell i Sunne: samåkningsapp kopplad till Värmlandstrafiks tidtabeller", "Sunne kommun"),
    ("2025-01-13", "2", "Kontakta Lisa Nyström på Värmlandstrafik, tel 070-174 06 12, om piloten m anropsstyrd trafik", "Värmlandstrafik"),
    ("2025-01-13", "2", "Bussarna går för sällan på landsbygden, ingen kvällstrafik efter kl 18", "Torsby kommun"),
    # Bord 3: hälsa, barn och unga
    ("2025-01-13", "3", "Psykisk ohälsa bland unga ökar, särskilt tjejer 15-19 år enl. Liv & hälsa ung", "Region Värmland"),
    ("2025-01-13", "3", "Långa köer till BUP, ca 6 mån väntetid för utredning", "Region Värmland"),
    ("2025-01-13", "3", "Elevhälsan räcker inte till – en kurator på 600 elever", "Grums kommun"),
    ("2025-01-13", "3", "Fler unga som varken jobbar eller studerar (UVAS), svårt att hitta dem efter GY", "Kils kommun"),
    ("2025-01-13", "3", "Bra exempel: ungdomsmottagningen online når fler killar än förut", "Region Värmland"),
    ("2025-01-13", "3", "Ensamhet bland äldre på landsbygden, färre mötesplatser när affären stänger", "PRO Värmland"),
    ("2025-01-13", "3", "", "Filipstads kommun"),
    ("2025-01-13", "3", "Hemtjänsten svårt att rekrytera, särskilt sommartid – vikarier saknas", "Filipstads kommun"),
    ("2025-01-13", "3", "Tjejer känner sig otrygga i centrum på kvällen, bl.a. vid resecentrum", "Karlstads kommun"),
    ("2025-01-13", "3", "Föreningslivet tappar ledare efter pandemin, barn slutar idrotta tidigare", "Värmlandsidrotten"),
    ("2025-01-13", "3", "Borde ha samma KPI:er för barns välmående i alla kn så vi kan jämföra", "Region Värmland"),
    ("2025-01-13", "3", "Anhörig vill bli kontaktad ang. sin son, pnr 19850709-1232, e-post erik.sundberg@exempel.se", ""),
    ("2025-01-13", "3", "   ", ""),
    # Bord 4: näringsliv och konkurrenskraft
    ("2025-01-13", "4", "Elpriserna i SE3 slår hårt mot industrin, ev. investeringar skjuts upp", "IUC/Stål & Verkstad"),
    ("2025-01-13", "4", "Elnätet har inte kapacitet för nya etableringar – flera års väntetid för anslutning", "Handelskammaren Värmland"),
    ("2025-01-13", "4", "Svårt för små bolag på landsbygden att få lån, de lokala bankkontoren har försvunnit", "Almi Värmland"),
    ("2025-01-13", "4", "Skogsindustrin står för en stor del av exporten men få unga söker sig dit", "Paper Province"),
    ("2025-01-13", "4", "Grön omställning är en möjlighet – t.ex. bioraffinaderi, fossilfri ånga, restvärme", "Paper Province"),
    ("2025-01-13", "4", "Klustren gör ett bra jobb men lever på projektpengar, borde få långsiktig finansiering", "Compare Karlstad"),
    ("2025-01-13", "4", "KAU + företag i innovationsprojekt funkar, men tröskeln är hög för småföretag", "Karlstads universitet"),
    ("2025-01-13", "4", "Generationsskiften: många företagare närmar sig pension och ingen tar över", "Företagarna Värmland"),
    ("2025-01-13", "4", "Exportstödet är svårt att hitta, för många aktörer – en väg in behövs", "Business Sweden"),
    ("13/1/2025", "4", "Stålindustrin i östra Värmland behöver elnät och kompetens samtidigt, annars flyttar investeringarna", "Storfors kommun"),
    ("2025-01-13", "4", "Mkt positivt att Värmland har starka företag i besöksnäring o IT, inte bara basindustri", ""),
    # Bord 5: attraktiva platser
    ("2025-01-13", "5", "Bostadsbrist för unga o nyanställda i Karlstad – hyresrätter saknas helt", "Karlstads kommun"),
    ("2025-01-13", "5", "I små kn finns hus men i dåligt skick, bankerna lånar inte ut pga låga marknadsvärden", "Eda kommun"),
    ("2025-01-13", "5", "Nyanställd läkare i Torsby hittade ingen bostad och tackade nej", "Region Värmland"),
    ("2025-01-13", "5", "Naturen är vår styrka: Klarälven, Glaskogen, fisket – borde synas mer i marknadsföringen", "Visit Värmland"),
    ("2025-01-13", "5", "Besöksnäringen säsongsberoende, svårt att ha personal året runt", "Visit Värmland"),
    ("2025-01-13", "5", "Kulturskolan viktig för ungas välmående men drabbas av nedskärningar", "Säffle kommun"),
    ("2025-01-13", "5", "Apotek, post o bank försvinner från de mindre orterna – servicepunkter behövs", "Munkfors kommun"),
    ("2025-01-13", "5", "Bra modell i Arvika: kn köper o renoverar tomma hus och säljer till inflyttare", "Arvika kommun"),
    ("2025-01-13", "5", "Ungas röst saknas i samhällsplaneringen, de bjuds inte in förrän allt är bestämt", "Ung i Värmland"),
    ("", "5", "Skicka underlaget om bostadsbehov till maria.lind@exempel.se före nästa möte", ""),
    # Bord 6: klimat och omställning med barn och unga
    ("2025-01-13", "6", "Positiv vi-känsla i klimatfrågan, många jobbar åt samma håll", "Karlstads kommun"),
    ("2025-01-13", "6", "Barn o unga vill vara med i klimatarbetet, skolorna behöver stöd o material", "Karlstads kommun"),
    ("2025-01-13", "6", "Översvämningsrisk vid Vänern o Klarälvens delta, klimatanpassningen måste upp på agendan", "Länsstyrelsen Värmland"),
    ("2025-01-13", "6", "Saknar gemensam uppföljning av klimatmålen, varje kn har egna indikatorer", "Hammarö kommun"),
    ("2025-01-13", "6", "Värmlandsstrategin är ett bra paraply att koppla våra egna mål och aktiviteter till", "Karlstads kommun"),
    ("2025-01-13", "6", "Laddinfrastrukturen på landsbygden släpar, svårt att ställa om utan bil", "Sunne kommun"),
    ("2025-01-13", "6", "Elnätet en flaskhals även för laddstationer o solceller hos lantbruken", "LRF Värmland"),
    ("2025-01-13", "6", "Psykisk ohälsa o klimatoro hänger ihop för en del unga – hopp behövs, inte bara larm", "Ung i Värmland"),
    ("2025-01-13", "6", "Fler praktikplatser inom grön industri skulle locka unga till länet", "Grums kommun"),
    ("2025-01-13", "6", "Borde samordna matavfall o cirkulära lösningar mellan kn i stället för 16 olika upphandlingar", ""),
]

# --------------------------------------------------------------------------- arbetsmöte 20 maj 2025 (XLSX)
# Per sheet: (Anteckning, Deltagare, Roll, Organisation). Names are invented.
# No meeting column: the meeting name is the workbook's title property (File > Info > Title).
MAY_MEETING = "Arbetsmöte 20 maj 2025"
MAY_SHEETS: dict[str, list[tuple[str, str, str, str]]] = {
    "Bord 1": [
        ("Kompetensbristen i vården akut, hyrpersonal kostar mkt o ger ingen kontinuitet", "Sara Lindqvist", "HR-chef", "Region Värmland"),
        ("Svårt att få sjuksköterskor att stanna i norra Värmland mer än ett par år", "Sara Lindqvist", "HR-chef", "Region Värmland"),
        ("Undersköterskeutbildningen på VUX behöver mer språkstöd, många hoppar av", "Mikael Ek", "rektor vuxenutbildning", "Kristinehamns kommun"),
        ("Bra modell: lärlingsutbildning inom omsorgen m lön under utb., Säffle", "Anna Holm", "enhetschef", "Säffle kommun"),
        ("\"Vi måste sluta prata om kompetensbrist och börja prata om arbetsvillkor\"", "", "undersköterska", "Kommunal Värmland"),
        ("Äldreomsorgen: fler äldre, färre som jobbar – behöver välfärdsteknik på riktigt", "Per Jansson", "utvecklingsledare", "Arvika kommun"),
        ("Validering av reell kompetens borde gå snabbare, nu ca 1 år för undersköterska", "Mikael Ek", "rektor vuxenutbildning", "Kristinehamns kommun"),
        ("", "Per Jansson", "utvecklingsledare", "Arvika kommun"),
        ("Distansutbildning via lärcentra fungerar för dem som inte kan flytta till Karlstad", "Karin Olsson", "lärcentrumsamordnare", "Hagfors kommun"),
        ("AI-stöd i journalföring kan frigöra tid, men IT-säkerhet o juridik bromsar", "Johan Berg", "digitaliseringsstrateg", "Region Värmland"),
        ("Digital vård på distans borde byggas ut för glesbygden, t.ex. vårdcentral med videobesök", "Johan Berg", "digitaliseringsstrateg", "Region Värmland"),
    ],
    "Bord 2": [
        ("Kollektivtrafiken på landsbygden räcker inte, de sista turerna har dragits in", "Eva Nilsson", "trafikplanerare", "Värmlandstrafik"),
        ("Bussarna går inte när skiftet slutar på bruket – folk måste ta bil", "Lars Persson", "fackklubbsordförande", "IF Metall Värmland"),
        ("Anropsstyrd trafik i Årjäng visar lovande resultat, fler kn vill testa", "Eva Nilsson", "trafikplanerare", "Värmlandstrafik"),
        ("Ungdomar i Torsby åker inte på fritidsaktiviteter pga inga bussar kvällstid", "Ida Karlsson", "fritidsledare", "Torsby kommun"),
        ("Pendlingen Karlstad–Kristinehamn bra med tåg, men sträckan norrut dålig", "", "", "Kristinehamns kommun"),
        ("Klarälvsbanan som cykelled lockar turister – borde få bättre skyltning o service", "Maja Lund", "destinationsutvecklare", "Visit Värmland"),
        ("Sommarturism ökar, men säsongspersonal hittar inga bostäder", "Maja Lund", "destinationsutvecklare", "Visit Värmland"),
        ("Bredbandsutbyggnaden har stannat av, bolagen anser att sista husen är olönsamma", "Ola Sund", "bredbandssamordnare", "Länsstyrelsen Värmland"),
        ("Ett mobilmaster-projekt längs E16 vore viktigt för besöksnäringen o trygghet", "Ola Sund", "bredbandssamordnare", "Länsstyrelsen Värmland"),
        ("Värmlandsbanan: dubbelspår Kil–Laxå borde prioriteras nationellt", "Henrik Wall", "regionplanerare", "Region Värmland"),
        ("Gränsregionalt samarbete m Norge kring tåg o buss behövs, nu tar det stopp vid gränsen", "Henrik Wall", "regionplanerare", "Region Värmland"),
    ],
    "Bord 3": [
        ("Psykisk ohälsa bland unga: BUP-köerna fortfarande långa, ca 5 mån", "Linnea Strand", "kurator", "Forshaga kommun"),
        ("Elevhälsan behöver fler kuratorer o psykologer, nu mest brandsläckning", "Linnea Strand", "kurator", "Forshaga kommun"),
        ("Unga tjejer mår sämst enl. Liv & hälsa ung, skärmtid o sömn nämns ofta", "Tove Ahl", "folkhälsostrateg", "Region Värmland"),
        ("Sommarjobb för unga viktigt för att bryta utanförskap – färre platser i år pga ekonomin", "Ahmed Hassan", "arbetsmarknadssamordnare", "Karlstads kommun"),
        ("Feriepraktik i kn:s regi når unga som annars inte får något jobb alls", "Ahmed Hassan", "arbetsmarknadssamordnare", "Karlstads kommun"),
        ("Mötesplatser för unga stänger pga besparingar", "Ida Karlsson", "fritidsledare", "Torsby kommun"),
        ("Fritidsbanken i Kil bra exempel, alla barn kan låna utrustning gratis", "", "", "Kils kommun"),
        ("Trygghetsvandringar m unga ger bra underlag för belysning o stadsplanering", "Tove Ahl", "folkhälsostrateg", "Region Värmland"),
        ("Föräldrastöd behöver nå fler, framför allt i familjer m lite resurser", "Ebba Lind", "socialsekreterare", "Grums kommun"),
        ("Samverkan skola–socialtjänst–region kring barn med behov fungerar dåligt, alla har egna system", "Ebba Lind", "socialsekreterare", "Grums kommun"),
        ("  ", "", "", "Forshaga kommun"),
    ],
    "Bord 4": [
        ("Elnätskapaciteten är den största flaskhalsen för etableringar i östra Värmland", "Göran Falk", "vd", "Industriföretag i Filipstad"),
        ("Höga elpriser ger osäkerhet – företag vågar inte investera i elektrifiering", "Göran Falk", "vd", "Industriföretag i Filipstad"),
        ("Stålindustrin ställer om, men behöver el, kompetens o tillstånd i rätt ordning", "Mattias Berg", "affärsutvecklare", "IUC/Stål & Verkstad"),
        ("Exporten går bra för skogsindustrin men småföretagen kommer inte ut på nya marknader", "Sofia Ek", "exportrådgivare", "Business Sweden"),
        ("Kapital till tillväxtbolag saknas i Värmland, riskkapitalet sitter i Sthlm o Gbg", "Erik Holm", "investeringsansvarig", "Almi Värmland"),
        ("Innovationsupphandling i offentlig sektor kan hjälpa lokala bolag – används för lite", "Erik Holm", "investeringsansvarig", "Almi Värmland"),
        ("Vätgas intressant för tunga transporter men kräver stora mängder el", "Mattias Berg", "affärsutvecklare", "IUC/Stål & Verkstad"),
        ("Bra att KAU o företagen delar labb, t.ex. inom pappersteknik", "", "forskare", "Karlstads universitet"),
        ("Svårt att rekrytera ingenjörer o tekniker, lönerna kan inte konkurrera med Norge", "Sofia Ek", "exportrådgivare", "Business Sweden"),
        ("Industrin behöver YH-utbildningar som startar snabbare än 2 år", "Mattias Berg", "affärsutvecklare", "IUC/Stål & Verkstad"),
    ],
    "Bord 5": [
        ("Bostadsbristen stoppar rekrytering – nyanställda bor på camping första halvåret", "Helena Ask", "näringslivschef", "Sunne kommun"),
        ("Unga som vill flytta hemifrån hittar inga små lägenheter, köer på flera år", "Helena Ask", "näringslivschef", "Sunne kommun"),
        ("Byggkostnaderna för höga för att bygga hyresrätter i små kn", "Jonas Dahl", "vd", "Kommunalt bostadsbolag"),
        ("Statligt stöd för bostäder på landsbygden behövs, marknaden fungerar inte", "Jonas Dahl", "vd", "Kommunalt bostadsbolag"),
        ("Kulturarvet o bruksorterna kan bli en styrka för besöksnäringen om de tas om hand", "Elin Wik", "kulturstrateg", "Region Värmland"),
        ("Biblioteken blir allt viktigare som mötesplats o för digital hjälp", "Elin Wik", "kulturstrateg", "Region Värmland"),
        ("Inflyttare vill ha fiber, skola o förskola nära – det avgör valet av ort", "", "", "Eda kommun"),
        ("Karlstad växer men resten av länet tappar befolkning, klyftan ökar", "Fredrik Ny", "samhällsplanerare", "Länsstyrelsen Värmland"),
        ("Naturturism i Glaskogen o Värmlandsskärgården kan växa, men saknar boende", "Maja Lund", "destinationsutvecklare", "Visit Värmland"),
    ],
    "Bord 6": [
        ("Grön omställning kräver kompetens som inte finns idag, t.ex. elektriker o automationstekniker", "Nils Gran", "utbildningsledare", "Teknikcollege Värmland"),
        ("Yrkesprogrammen på GY lockar för få – föräldrar avråder från industrijobb", "Nils Gran", "utbildningsledare", "Teknikcollege Värmland"),
        ("Studievalet styrs av kompisar o föräldrar, inte av var jobben finns", "Jan Lund", "studie- och yrkesvägledare", "Hammarö kommun"),
        ("Bra modell: prao i industrin redan i åk 8 ger fler sökande till teknikprogram", "Jan Lund", "studie- och yrkesvägledare", "Hammarö kommun"),
        ("Utrikes födda kvinnor har lägst sysselsättning, SFI borde kombineras m praktik", "Amina Yusuf", "integrationssamordnare", "Arvika kommun"),
        ("Elnätet i Värmland byggt för förra århundradet, behöver förstärkas för omställningen", "", "", "Paper Province"),
        ("Skogens klimatnytta o biologisk mångfald måste balanseras, olika syn runt bordet", "Per Skog", "skogsförvaltare", "LRF Värmland"),
        ("KPI:er för grön omställning saknas i Värmlandsstrategins uppföljning", "Fredrik Ny", "samhällsplanerare", "Länsstyrelsen Värmland"),
        ("Cirkulära affärsmodeller: återbruk i byggsektorn har potential", "Per Skog", "skogsförvaltare", "LRF Värmland"),
    ],
}
MAY_SHEET_WITH_TITLE = "Bord 1"   # a title row above the header, as table hosts often add
MAY_SHEET_WITH_DATE = "Bord 2"    # an extra Datum column holding an Excel date
MAY_SHEET_PLURAL_HEADER = "Bord 4"  # header "Anteckningar " and another column order

# --------------------------------------------------------------------------- konferens 8 oktober 2025 (DOCX)
OCT_MEETING = "Värmlandsstrategins konferens 8 oktober 2025"
OCT_INTRO = [
    "Konferensen hölls på Karlstad CCC med ca 200 deltagare från kommuner, region, näringsliv, akademi och civilsamhälle.",
    "Närvarande: se bifogad deltagarlista",
    "Antecknat av: bordsvärdarna, sammanställt av Region Värmland",
    "Syftet var att ta fram medskick till nulägesanalysen och till arbetsmötet i januari. Anteckningarna återges som de skrevs vid borden.",
]
# (table heading, host line, notes); a note starting with "¶" is written as a plain paragraph.
OCT_TABLES: list[tuple[str, str, list[str]]] = [
    ("Bord 1 – Kompetensförsörjning", "Bordsvärd: Karin (Region Värmland)", [
        "Kompetensbristen i vård o omsorg kvarstår, hyrpersonal fortf. stor kostnad",
        "Industrin söker tekniker, svetsare, elektriker – samma personer som energibolagen vill ha",
        "Yrkes-VUX med språkstöd ger resultat, fler klarar undersköterskeutb.",
        "Validering går fortf. för långsamt, särskilt för utländska ingenjörer",
        "Bra modell: 'Jobbsprånget' för nyanlända akademiker, borde skalas upp i Värmland",
        "¶Diskussion om att kompetensförsörjning måste ses som en gemensam fråga för kn, region och företag, inte varje arbetsgivare för sig.",
        "KAU:s nya ingenjörsprogram uppskattas, men för få från länet söker",
        "Svårt att locka lärare till glesbygdsskolor – behörighetsgraden sjunker",
    ]),
    ("Bord 2 – Livsvillkor, hälsa och trygghet", "Bordsvärd: Tove (Region Värmland)", [
        "Psykisk ohälsa bland unga fortfarande det vi oroar oss mest för",
        "Väntetiderna till BUP har minskat något men är för långa",
        "Unga killar söker inte hjälp – behövs fler lågtröskelverksamheter",
        "Äldre på landsbygden blir digitalt utestängda när allt kräver BankID o appar",
        "Närvård o vårdcentraler i mindre orter måste finnas kvar, annars flyttar folk",
        "Trygghet: mer samverkan polis–kn–föreningsliv ger effekt, t.ex. i Kristinehamn",
        "¶\"Barnen som inte syns i skolan syns inte någonstans – vi måste hitta dem tidigare\"",
        "Ensamhet bland unga lika stor fråga som bland äldre",
        "Bra exempel: 'Hälsocoacher' på gymnasiet i Arvika",
    ]),
    ("Bord 3 – Attraktiva platser och bostäder", "Bordsvärd: Henrik (Region Värmland)", [
        "Bostadsbristen för unga o nyanställda finns kvar, särskilt små hyresrätter",
        "Företag i Hagfors hyr egna lägenheter åt nyanställda, ohållbart i längden",
        "Kollektivtrafiken på landsbygden avgör om unga kan bo kvar",
        "Turtätheten på landsbygdslinjerna har minskat ytterligare efter budgetbesparingar",
        "Anropsstyrd trafik nu i tre kn – utvärdera o sprid",
        "Naturen o kulturen är Värmlands varumärke, men saknas i rekryteringskampanjerna",
        "Evenemang som Rally Sweden viktiga för besöksnäringen o bilden av Värmland",
        "Fiber: de sista procenten på landsbygden kräver offentligt stöd",
        "Bibliotek o bygdegårdar är nav för service på landsbygden",
    ]),
    ("Bord 4 – Konkurrenskraft och grön omställning", "Bordsvärd: Mattias (IUC/Stål & Verkstad)", [
        "Elnätet: kapacitetsbrist stoppar både nyetableringar o elektrifiering av befintlig industri",
        "Elpriset varierar kraftigt, små företag har svårt att planera",
        "Skog o stål är fortf. ryggraden i exporten – måste ställa om, inte ersättas",
        "Bra att fler småföretag tar hjälp av Almi för kapital, men lånen räcker sällan",
        "Innovation: testbäddar på KAU o i industrin borde vara öppna för fler",
        "Grön omställning ger nya jobb men vi saknar folk att anställa",
        "¶Flera vid bordet menade att elnätsfrågan måste lyftas till nationell nivå av Region Värmland tillsammans med näringslivet.",
        "Cirkulär ekonomi i byggsektorn kommer igång, t.ex. återbrukshallen i Karlstad",
        "Export till Norge hindras av gränshinder o tullregler",
    ]),
    ("Bord 5 – Beredskap och robusthet", "Bordsvärd: Ola (Länsstyrelsen Värmland)", [
        "Totalförsvaret: kn o företag osäkra på sin roll vid kris eller krig",
        "Livsmedelsberedskapen svag, Värmland producerar liten del av maten vi äter",
        "Lantbrukare behöver reservkraft o drivmedel vid långa elavbrott",
        "Dricksvattenförsörjningen sårbar i flera kn, få reservvattentäkter",
        "Frivilligorganisationerna vill bidra men saknar tydliga uppdrag",
        "Samövningar m Norge över gränsen borde bli fler",
        "Mobil o bredband måste fungera även när strömmen går – annars når vi inte ut",
    ]),
    ("Bord 6 – Unga och utbildningsval", "Bordsvärd: Jan (Hammarö kommun)", [
        "Elevernas val styrs av status – yrkesprogrammen behöver bli mer attraktiva",
        "Unga vill stanna i Värmland om jobb o bostad finns, enl. enkät från Ung i Värmland",
        "Studiemotivationen låg hos många killar på GY, fler avbrott",
        "Bra exempel: 'Framtidsveckan' där företag besöker högstadiet",
        "SFI-elever vill snabbare ut i jobb, kombinationsutb. efterfrågas",
        "Psykisk ohälsa påverkar skolresultaten, elevhälsan räcker inte",
        "Unga behöver fler vägar in i arbetslivet, t.ex. lärlingsplatser o YH",
        "Stort intresse för gröna jobb bland unga – men de vet inte var jobben finns",
    ]),
]


def write_csv(path: Path) -> int:
    """The January meeting as Excel for Windows exports it: cp1252, ';', CRLF, quotes where needed."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Möte", "Datum", "Bord", "Anteckning", "Organisation"])
    for date, table, note, org in JAN_ROWS:
        writer.writerow([JAN_MEETING, date, table, note.replace("\n", "\r\n"), org])
    writer.writerow(["", "", "", "", ""])  # Excel exports trailing formatted rows as ;;;;
    path.write_bytes(buf.getvalue().encode("cp1252"))
    return len(JAN_ROWS)


def write_xlsx(path: Path) -> int:
    """The May meeting: one sheet per table, slightly different layout per sheet, one empty sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    n = 0
    for title, rows in MAY_SHEETS.items():
        ws = wb.create_sheet(title)
        if title == MAY_SHEET_WITH_TITLE:
            ws.append([f"Arbetsmöte Värmlandsstrategin 20 maj 2025 – {title}"])
            ws["A1"].font = Font(bold=True, size=14)
            ws.append([])
        if title == MAY_SHEET_PLURAL_HEADER:
            ws.append(["Deltagare", "Roll", "Organisation", "Anteckningar "])
            body = [[who, role, org, note] for note, who, role, org in rows]
        elif title == MAY_SHEET_WITH_DATE:
            ws.append(["Datum", "Anteckning", "Deltagare", "Roll", "Organisation"])
            body = [[dt.datetime(2025, 5, 20), note, who, role, org] for note, who, role, org in rows]
        else:
            ws.append(["Anteckning", "Deltagare", "Roll", "Organisation"])
            body = [[note, who, role, org] for note, who, role, org in rows]
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for values in body:
            ws.append([v if v != "" else None for v in values])
            if title == MAY_SHEET_WITH_DATE:
                ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        n += len(rows)
        for col, width in zip("ABCDE", (60, 18, 22, 26, 60)):
            ws.column_dimensions[col].width = width
    wb.create_sheet("Blad7")  # left over by a table host; entirely empty
    wb.properties.title = MAY_MEETING
    wb.properties.creator = "Region Värmland (exempeldata)"
    wb.properties.created = dt.datetime(2025, 5, 20, 16, 0)
    wb.save(path)
    return n


def write_docx(path: Path) -> int:
    """The October conference as Word minutes: Title, Heading 1, intro prose, Heading 2 per table."""
    import docx

    document = docx.Document()
    document.add_heading("Minnesanteckningar", level=0)
    document.add_heading(OCT_MEETING, level=1)
    for line in OCT_INTRO:
        document.add_paragraph(line)
    n = 0
    for heading, host, notes in OCT_TABLES:
        document.add_heading(heading, level=2)
        document.add_paragraph(host)
        for note in notes:
            if note.startswith("¶"):
                document.add_paragraph(note[1:])
            else:
                document.add_paragraph(note, style="List Bullet")
            n += 1
        document.add_paragraph("")
    props = document.core_properties
    props.author = "Region Värmland (exempeldata)"
    props.title = "Minnesanteckningar " + OCT_MEETING
    props.created = props.modified = dt.datetime(2025, 10, 8, 17, 0)
    props.last_modified_by = "Region Värmland (exempeldata)"
    props.revision = 1
    document.save(path)
    return n


def normalise_zip(path: Path) -> None:
    """Rewrite an Office file with fixed entry timestamps and modified date, so bytes are reproducible."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2025-01-01T00:00:00Z\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    counts = {
        "arbetsmote-2025-01-13.csv": write_csv(OUT / "arbetsmote-2025-01-13.csv"),
        "arbetsmote-2025-05-20.xlsx": write_xlsx(OUT / "arbetsmote-2025-05-20.xlsx"),
        "konferens-2025-10-08.docx": write_docx(OUT / "konferens-2025-10-08.docx"),
    }
    normalise_zip(OUT / "arbetsmote-2025-05-20.xlsx")
    normalise_zip(OUT / "konferens-2025-10-08.docx")
    for name, n in counts.items():
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main()
