"""Demo data of the catalog: Vëlo Lux (bikes with frame sizes and colours, helmets, lights,
clothing, accessories) and Boulangerie Paul (breads, viennoiseries, cakes at 3 % VAT, a crémant at
14 %, a tote bag at 17 %), in four languages, with categories, brands, featured products and
generated pictures. Idempotent: what exists (by SKU or slug) is left alone."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from wizamart.database import db

from .models import ProductVariant
from .schemas import CategoryIn, ProductIn
from .services import category_service, product_service

# ------------------------------------------------------------------ Vëlo Lux

VELO_CATEGORIES = [
    # slug, parent, en, de, fr, lb
    ("bikes", None, "Bikes", "Fahrräder", "Vélos", "Vëloen"),
    ("city-bikes", "bikes", "City bikes", "Stadträder", "Vélos de ville", "Stadvëloen"),
    ("e-bikes", "bikes", "E-bikes", "E-Bikes", "Vélos électriques", "E-Bikes"),
    ("mountain-bikes", "bikes", "Mountain bikes", "Mountainbikes", "VTT", "Mountainbiken"),
    ("kids-bikes", "bikes", "Kids’ bikes", "Kinderräder", "Vélos enfants", "Kannervëloen"),
    ("helmets", None, "Helmets", "Helme", "Casques", "Helmer"),
    ("lights", None, "Lights", "Beleuchtung", "Éclairage", "Luuchten"),
    ("clothing", None, "Clothing", "Bekleidung", "Vêtements", "Kleeder"),
    ("accessories", None, "Accessories", "Zubehör", "Accessoires", "Accessoiren"),
]

# kind -> (title word en, de, fr, lb), (description en, de, fr, lb)
BIKE_KINDS = {
    "city": (
        ("City bike", "Stadtrad", "Vélo de ville", "Stadvëlo"),
        (
            "A comfortable upright bike for daily trips: mudguards, rack, dynamo lights and a chain guard.",
            "Ein bequemes Rad mit aufrechter Sitzposition für den Alltag: Schutzbleche, Gepäckträger, "
            "Nabendynamo und Kettenschutz.",
            "Un vélo confortable à position droite pour tous les jours : garde-boue, porte-bagages, "
            "éclairage sur dynamo et carter de chaîne.",
            "E bequemen Vëlo mat riichter Sëtzpositioun fir all Dag: Schutzbleche, Gepäckdréier, "
            "Dynamo-Luuchten a Kettenschutz.",
        ),
        "city-bikes",
    ),
    "ebike": (
        ("E-bike", "E-Bike", "Vélo électrique", "E-Bike"),
        (
            "Electric assistance up to 25 km/h, a battery for about 100 km and hydraulic disc brakes.",
            "Elektrische Unterstützung bis 25 km/h, ein Akku für rund 100 km und hydraulische "
            "Scheibenbremsen.",
            "Assistance électrique jusqu’à 25 km/h, une batterie pour environ 100 km et des freins à disque "
            "hydrauliques.",
            "Elektresch Ënnerstëtzung bis 25 km/h, eng Batterie fir ongeféier 100 km an hydraulesch "
            "Scheiwebremsen.",
        ),
        "e-bikes",
    ),
    "mtb": (
        ("Mountain bike", "Mountainbike", "VTT", "Mountainbike"),
        (
            "Made for the trails of the Mullerthal: front suspension, wide tyres and twelve gears.",
            "Gemacht für die Trails im Müllerthal: Federgabel, breite Reifen und zwölf Gänge.",
            "Conçu pour les sentiers du Mullerthal : fourche suspendue, pneus larges et douze vitesses.",
            "Gemaach fir d’Trailen am Mëllerdall: Federgabel, breet Reifen an zwielef Gäng.",
        ),
        "mountain-bikes",
    ),
    "kids": (
        ("Kids’ bike", "Kinderrad", "Vélo enfant", "Kannervëlo"),
        (
            "Light and safe for young riders, with a low frame, a bell and reflectors.",
            "Leicht und sicher für junge Fahrer, mit tiefem Rahmen, Klingel und Reflektoren.",
            "Léger et sûr pour les jeunes cyclistes, avec un cadre bas, une sonnette et des catadioptres.",
            "Liicht a sécher fir jonk Chauffeuren, mat nidderegem Kader, Klack a Reflektoren.",
        ),
        "kids-bikes",
    ),
}

COLOURS = {"blue": "#2563eb", "red": "#dc2626", "green": "#16a34a", "black": "#1f2937", "white": "#9ca3af"}

VELO_BIKES = [
    # sku prefix, kind, model, brand, price €, sizes, colours, featured
    ("VL-CITY-ALZ", "city", "Alzette 7", "Gazelle", 749, ("S", "M", "L"), ("blue", "black"), True),
    ("VL-CITY-PET", "city", "Pétrusse 3", "Kalkhoff", 599, ("S", "M", "L"), ("green", "white"), False),
    ("VL-CITY-SUR", "city", "Sûre 8", "Gazelle", 899, ("M", "L"), ("black",), False),
    ("VL-EB-MOS", "ebike", "Moselle 500", "Riese & Müller", 3299, ("M", "L", "XL"), ("black", "white"), True),
    ("VL-EB-KIR", "ebike", "Kirchberg 400", "Cube", 2499, ("S", "M", "L"), ("blue", "black"), True),
    ("VL-EB-OES", "ebike", "Éislek Trail", "Cube", 3899, ("M", "L"), ("green",), False),
    (
        "VL-MTB-MUL",
        "mtb",
        "Mullerthal 29",
        "Specialized",
        1299,
        ("S", "M", "L", "XL"),
        ("red", "black"),
        True,
    ),
    ("VL-MTB-ARD", "mtb", "Ardennes 27", "Cube", 949, ("S", "M", "L"), ("green", "blue"), False),
    ("VL-KID-16", "kids", "Mini 16", "Puky", 279, ("16 in",), ("red", "blue"), False),
    ("VL-KID-20", "kids", "Junior 20", "Puky", 349, ("20 in",), ("green", "red"), False),
]

# sku, category, brand, price €, vat, options, featured, titles and descriptions (en, de, fr, lb)
VELO_OTHERS = [
    (
        "VL-HLM-URB",
        "helmets",
        "Abus",
        69,
        17,
        {"size": ("S", "M", "L"), "colour": ("black", "white")},
        True,
        ("Urban helmet", "Stadthelm", "Casque urbain", "Stadhelm"),
        (
            "A light helmet with a rear LED and magnetic buckle.",
            "Ein leichter Helm mit Rücklicht-LED und Magnetverschluss.",
            "Un casque léger avec LED arrière et boucle magnétique.",
            "E liichten Helm mat LED hannen a Magnéitverschloss.",
        ),
    ),
    (
        "VL-HLM-MTB",
        "helmets",
        "Giro",
        119,
        17,
        {"size": ("S", "M", "L")},
        False,
        ("Trail helmet", "Trailhelm", "Casque de VTT", "Trailhelm"),
        (
            "Extended coverage at the back and a visor for the trails.",
            "Erweiterter Hinterkopfschutz und Visier für die Trails.",
            "Protection arrière renforcée et visière pour les sentiers.",
            "Méi Schutz hannen an e Visier fir d’Trailen.",
        ),
    ),
    (
        "VL-HLM-KID",
        "helmets",
        "Puky",
        39,
        17,
        {"size": ("XS", "S"), "colour": ("red", "blue")},
        False,
        ("Kids’ helmet", "Kinderhelm", "Casque enfant", "Kannerhelm"),
        (
            "Bright colours and an easy strap for small heads.",
            "Leuchtende Farben und ein einfacher Riemen für kleine Köpfe.",
            "Couleurs vives et sangle facile pour les petites têtes.",
            "Hell Faarwen an en einfache Rimm fir kleng Käpp.",
        ),
    ),
    (
        "VL-HLM-ROAD",
        "helmets",
        "Kask",
        189,
        17,
        {"size": ("M", "L")},
        False,
        ("Road helmet", "Rennradhelm", "Casque de route", "Rennvëlohelm"),
        (
            "Aerodynamic, well ventilated and only 250 g.",
            "Aerodynamisch, gut belüftet und nur 250 g schwer.",
            "Aérodynamique, bien ventilé et seulement 250 g.",
            "Aerodynamesch, gutt gelëft an nëmmen 250 g.",
        ),
    ),
    (
        "VL-LGT-FRONT",
        "lights",
        "Busch & Müller",
        59,
        17,
        {},
        True,
        ("Front light 80 lux", "Frontlicht 80 Lux", "Phare avant 80 lux", "Luucht vir 80 Lux"),
        (
            "A USB rechargeable front light, road-legal in Luxembourg.",
            "Ein per USB aufladbares Frontlicht, in Luxemburg zugelassen.",
            "Un phare rechargeable par USB, homologué au Luxembourg.",
            "Eng Luucht vir, iwwer USB ze lueden, zu Lëtzebuerg zougelooss.",
        ),
    ),
    (
        "VL-LGT-REAR",
        "lights",
        "Busch & Müller",
        29,
        17,
        {},
        False,
        ("Rear light", "Rücklicht", "Feu arrière", "Luucht hannen"),
        (
            "A bright rear light with a brake-light function.",
            "Ein helles Rücklicht mit Bremslichtfunktion.",
            "Un feu arrière puissant avec fonction feu stop.",
            "Eng hell Luucht hannen mat Bremsliichtfunktioun.",
        ),
    ),
    (
        "VL-LGT-SET",
        "lights",
        "Lezyne",
        79,
        17,
        {},
        False,
        (
            "Light set front and rear",
            "Lichtset vorne und hinten",
            "Kit d’éclairage avant et arrière",
            "Luuchteset vir an hannen",
        ),
        (
            "Both lights in one box, with mounts and a USB-C cable.",
            "Beide Leuchten in einer Box, mit Halterungen und USB-C-Kabel.",
            "Les deux feux dans une boîte, avec fixations et câble USB-C.",
            "Béid Luuchten an enger Këscht, mat Halterungen an USB-C-Kabel.",
        ),
    ),
    (
        "VL-LGT-HELM",
        "lights",
        "Lezyne",
        35,
        17,
        {},
        False,
        ("Helmet light", "Helmlampe", "Lampe de casque", "Helmluucht"),
        (
            "A small light that clips onto any helmet.",
            "Eine kleine Lampe, die an jeden Helm passt.",
            "Une petite lampe qui se fixe sur tous les casques.",
            "Eng kleng Luucht, déi op all Helm passt.",
        ),
    ),
    (
        "VL-LGT-SPOKE",
        "lights",
        "Reelight",
        19,
        17,
        {},
        False,
        ("Spoke reflectors", "Speichenreflektoren", "Réflecteurs de rayons", "Speechereflektoren"),
        (
            "Twelve reflectors to be seen from the side at night.",
            "Zwölf Reflektoren, damit man nachts von der Seite gesehen wird.",
            "Douze réflecteurs pour être vu de côté la nuit.",
            "Zwielef Reflektoren, fir nuets vun der Säit gesi ze ginn.",
        ),
    ),
    (
        "VL-CLO-JERSEY",
        "clothing",
        "Vëlo Lux",
        59,
        17,
        {"size": ("S", "M", "L", "XL"), "colour": ("red", "blue")},
        True,
        (
            "Cycling jersey “Roude Léiw”",
            "Radtrikot „Roude Léiw“",
            "Maillot cycliste « Roude Léiw »",
            "Vëlostrikot „Roude Léiw“",
        ),
        (
            "A breathable jersey with the red lion and three back pockets.",
            "Ein atmungsaktives Trikot mit dem roten Löwen und drei Rückentaschen.",
            "Un maillot respirant avec le lion rouge et trois poches dorsales.",
            "En otemaktiven Trikot mam roude Léiw an dräi Taschen hannen.",
        ),
    ),
    (
        "VL-CLO-RAIN",
        "clothing",
        "Vaude",
        129,
        17,
        {"size": ("S", "M", "L", "XL")},
        False,
        ("Rain jacket", "Regenjacke", "Veste de pluie", "Reejack"),
        (
            "Waterproof and packable: for the Luxembourg weather.",
            "Wasserdicht und klein verstaubar: für das Luxemburger Wetter.",
            "Imperméable et compacte : pour la météo luxembourgeoise.",
            "Waasserdicht a kleng ze verstauen: fir d’Lëtzebuerger Wieder.",
        ),
    ),
    (
        "VL-CLO-GLOVE",
        "clothing",
        "Roeckl",
        29,
        17,
        {"size": ("S", "M", "L")},
        False,
        ("Cycling gloves", "Radhandschuhe", "Gants de vélo", "Vëloshändschen"),
        (
            "Padded palms and a touch-screen fingertip.",
            "Gepolsterte Handflächen und Touchscreen-Fingerspitze.",
            "Paumes rembourrées et bout des doigts tactile.",
            "Gepolstert Handflächen an Touchscreen-Fangerspëtzt.",
        ),
    ),
    (
        "VL-CLO-SHORTS",
        "clothing",
        "Vaude",
        69,
        17,
        {"size": ("S", "M", "L", "XL")},
        False,
        ("Cycling shorts", "Radhose kurz", "Cuissard court", "Kuerz Vëlosbox"),
        (
            "Shorts with a comfortable seat pad for long rides.",
            "Kurze Hose mit bequemem Sitzpolster für lange Touren.",
            "Cuissard avec peau de chamois confortable pour les longues sorties.",
            "Kuerz Box mat bequemem Polster fir laang Touren.",
        ),
    ),
    (
        "VL-CLO-SOCKS",
        "clothing",
        "Vëlo Lux",
        12,
        17,
        {"size": ("36-40", "41-45")},
        False,
        ("Cycling socks", "Radsocken", "Chaussettes de vélo", "Vëlosstrëmp"),
        (
            "Light, quick-drying socks in the shop’s colours.",
            "Leichte, schnell trocknende Socken in den Farben des Ladens.",
            "Chaussettes légères à séchage rapide aux couleurs de la boutique.",
            "Liicht Strëmp, déi séier dréchnen, an de Faarwe vum Buttek.",
        ),
    ),
    (
        "VL-ACC-LOCK",
        "accessories",
        "Abus",
        89,
        17,
        {},
        True,
        ("Folding lock", "Faltschloss", "Antivol pliant", "Klappschlass"),
        (
            "Security level 10 and a holder for the frame.",
            "Sicherheitsstufe 10 und Halter für den Rahmen.",
            "Niveau de sécurité 10 et support pour le cadre.",
            "Sécherheetsstuf 10 an en Halter fir de Kader.",
        ),
    ),
    (
        "VL-ACC-BOTTLE",
        "accessories",
        "Elite",
        9,
        17,
        {"colour": ("black", "white", "red")},
        False,
        ("Water bottle 750 ml", "Trinkflasche 750 ml", "Bidon 750 ml", "Drénkfläsch 750 ml"),
        (
            "BPA-free bottle that fits every cage.",
            "BPA-freie Flasche, die in jeden Halter passt.",
            "Bidon sans BPA compatible avec tous les porte-bidons.",
            "BPA-fräi Fläsch, déi an all Halter passt.",
        ),
    ),
    (
        "VL-ACC-PUMP",
        "accessories",
        "Topeak",
        45,
        17,
        {},
        False,
        ("Floor pump", "Standpumpe", "Pompe à pied", "Stoppomp"),
        (
            "With a gauge, for every valve up to 11 bar.",
            "Mit Manometer, für alle Ventile bis 11 bar.",
            "Avec manomètre, pour toutes les valves jusqu’à 11 bars.",
            "Mat Manometer, fir all Ventiler bis 11 bar.",
        ),
    ),
    (
        "VL-ACC-BAG",
        "accessories",
        "Ortlieb",
        119,
        17,
        {"colour": ("black", "red")},
        False,
        ("Pannier bag", "Gepäckträgertasche", "Sacoche de porte-bagages", "Gepäcksdréierstasch"),
        (
            "Waterproof pannier with a quick-lock mount, 20 litres.",
            "Wasserdichte Tasche mit Schnellverschluss, 20 Liter.",
            "Sacoche étanche à fixation rapide, 20 litres.",
            "Waasserdicht Tasch mat Séierbefestegung, 20 Liter.",
        ),
    ),
    (
        "VL-ACC-BELL",
        "accessories",
        "Crane",
        15,
        17,
        {},
        False,
        ("Brass bell", "Messingklingel", "Sonnette en laiton", "Messingsklack"),
        (
            "A clear, long ring in polished brass.",
            "Ein klarer, langer Klang aus poliertem Messing.",
            "Un son clair et long en laiton poli.",
            "E kloren, laangen Toun aus poléiertem Messing.",
        ),
    ),
    (
        "VL-ACC-KIT",
        "accessories",
        "Park Tool",
        25,
        17,
        {},
        False,
        ("Repair kit", "Flickzeug-Set", "Kit de réparation", "Flécksgeschir"),
        (
            "Patches, tyre levers and a mini tool in one pouch.",
            "Flicken, Reifenheber und Minitool in einer Tasche.",
            "Rustines, démonte-pneus et mini-outil dans une pochette.",
            "Fléckelen, Reifenhiewer an e Minitool an enger Täsch.",
        ),
    ),
    (
        "VL-ACC-SADDLE",
        "accessories",
        "Brooks",
        139,
        17,
        {},
        False,
        ("Leather saddle", "Ledersattel", "Selle en cuir", "Liddersattel"),
        (
            "A classic saddle that shapes itself to the rider.",
            "Ein klassischer Sattel, der sich dem Fahrer anpasst.",
            "Une selle classique qui prend la forme du cycliste.",
            "E klassesche Sattel, deen sech dem Chauffer upasst.",
        ),
    ),
    (
        "VL-ACC-GUARD",
        "accessories",
        "SKS",
        35,
        17,
        {"size": ("28 in", "29 in")},
        False,
        ("Mudguard set", "Schutzblech-Set", "Kit de garde-boue", "Schutzblech-Set"),
        (
            "Clip-on mudguards front and rear.",
            "Steckschutzbleche für vorne und hinten.",
            "Garde-boue clipsables avant et arrière.",
            "Schutzbleche fir virun an hannen, ze stiechen.",
        ),
    ),
]

# ------------------------------------------------------------------ Boulangerie Paul

BAKERY_CATEGORIES = [
    ("pains", None, "Breads", "Brote", "Pains", "Brout"),
    ("viennoiseries", None, "Viennoiseries", "Feingebäck", "Viennoiseries", "Wiener Gebäck"),
    (
        "gateaux",
        None,
        "Cakes and pastries",
        "Kuchen und Gebäck",
        "Gâteaux et pâtisseries",
        "Kuchen a Patisserien",
    ),
    (
        "epicerie",
        None,
        "Grocery and gifts",
        "Feinkost und Geschenke",
        "Épicerie et cadeaux",
        "Epicerie a Kaddoen",
    ),
]

BAKERY = [
    (
        "BP-BAGUETTE",
        "pains",
        1.40,
        3,
        {},
        True,
        "#d6a55c",
        ("Traditional baguette", "Traditionelles Baguette", "Baguette tradition", "Traditionell Baguette"),
        (
            "Long fermentation, crisp crust, baked every morning.",
            "Lange Teigführung, knusprige Kruste, jeden Morgen gebacken.",
            "Fermentation longue, croûte croustillante, cuite chaque matin.",
            "Laang Gärung, knaschteg Kuuscht, all Moien gebak.",
        ),
    ),
    (
        "BP-CAMPAGNE",
        "pains",
        4.20,
        3,
        {"weight": ("500 g", "1 kg")},
        False,
        "#a0703a",
        ("Country loaf", "Bauernbrot", "Pain de campagne", "Bauerebrout"),
        (
            "Sourdough with wheat and rye flour from the Éislek.",
            "Sauerteig mit Weizen- und Roggenmehl aus dem Ösling.",
            "Au levain, farines de blé et de seigle de l’Éislek.",
            "Mat Séierdeeg, Weess- a Kornmiel aus dem Éislek.",
        ),
    ),
    (
        "BP-COMPLET",
        "pains",
        3.80,
        3,
        {},
        False,
        "#7c5a35",
        ("Wholemeal bread", "Vollkornbrot", "Pain complet", "Vollkornbrout"),
        (
            "Whole grains and seeds, moist for days.",
            "Volles Korn und Saaten, bleibt tagelang saftig.",
            "Céréales complètes et graines, moelleux plusieurs jours.",
            "Vollt Kar a Som, bleift deelaang saftig.",
        ),
    ),
    (
        "BP-CROISSANT",
        "viennoiseries",
        1.30,
        3,
        {},
        True,
        "#e0b15a",
        ("Butter croissant", "Buttercroissant", "Croissant au beurre", "Botterkroissant"),
        (
            "Flaky layers made with AOP butter.",
            "Blättrige Schichten mit AOP-Butter.",
            "Feuilletage pur beurre AOP.",
            "Bliederdeeg mat AOP-Botter.",
        ),
    ),
    (
        "BP-PAINCHOC",
        "viennoiseries",
        1.50,
        3,
        {},
        False,
        "#9b6b3d",
        ("Pain au chocolat", "Schokoladencroissant", "Pain au chocolat", "Schokelaskroissant"),
        (
            "Two bars of dark chocolate in buttery pastry.",
            "Zwei Riegel dunkle Schokolade in Butterteig.",
            "Deux barres de chocolat noir dans une pâte pur beurre.",
            "Zwee Stécker donkel Schokela a Botterdeeg.",
        ),
    ),
    (
        "BP-CHAUSSON",
        "viennoiseries",
        2.10,
        3,
        {},
        False,
        "#d9a441",
        ("Apple turnover", "Apfeltasche", "Chausson aux pommes", "Äppeltäsch"),
        (
            "Puff pastry filled with stewed local apples.",
            "Blätterteig mit Kompott aus heimischen Äpfeln.",
            "Pâte feuilletée garnie de compote de pommes locales.",
            "Bliederdeeg mat Kompott vu lokalen Äppel.",
        ),
    ),
    (
        "BP-ECLAIR",
        "gateaux",
        3.20,
        3,
        {"flavour": ("chocolate", "coffee")},
        False,
        "#6b4226",
        ("Éclair", "Éclair", "Éclair", "Éclair"),
        (
            "Choux pastry with a silky cream.",
            "Brandteig mit seidiger Creme.",
            "Pâte à choux et crème onctueuse.",
            "Brandeeg mat enger fäiner Crème.",
        ),
    ),
    (
        "BP-QUETSCH",
        "gateaux",
        18.50,
        3,
        {"size": ("4 people", "8 people")},
        True,
        "#6d3b78",
        (
            "Plum tart (Quetschentaart)",
            "Zwetschgenkuchen (Quetschentaart)",
            "Tarte aux quetsches",
            "Quetschentaart",
        ),
        (
            "The Luxembourg classic, with late-summer damsons.",
            "Der Luxemburger Klassiker mit Zwetschgen vom Spätsommer.",
            "Le classique luxembourgeois, aux quetsches de fin d’été.",
            "De Lëtzebuerger Klassiker mat Quetsche vum Spéitsummer.",
        ),
    ),
    (
        "BP-BAMKUCH",
        "gateaux",
        24.00,
        3,
        {},
        True,
        "#c98b3a",
        ("Tree cake (Baamkuch)", "Baumkuchen (Baamkuch)", "Gâteau à la broche (Baamkuch)", "Baamkuch"),
        (
            "Baked layer by layer on a spit, for every celebration.",
            "Schicht für Schicht am Spieß gebacken, für jedes Fest.",
            "Cuit couche après couche à la broche, pour toutes les fêtes.",
            "Schicht fir Schicht um Spiiss gebak, fir all Fest.",
        ),
    ),
    (
        "BP-ANNIV",
        "gateaux",
        32.00,
        3,
        {"size": ("6 people", "8 people", "12 people")},
        False,
        "#e26d8f",
        ("Birthday cake", "Geburtstagstorte", "Gâteau d’anniversaire", "Gebuertsdagskuch"),
        (
            "Sponge, fruit and cream; the name written on request.",
            "Biskuit, Obst und Sahne; der Name auf Wunsch.",
            "Génoise, fruits et crème ; le prénom écrit sur demande.",
            "Biskuit, Uebst a Rahm; den Numm op Wonsch.",
        ),
    ),
    (
        "BP-CAFE",
        "epicerie",
        8.90,
        3,
        {},
        False,
        "#4b3621",
        ("Coffee beans 250 g", "Kaffeebohnen 250 g", "Café en grains 250 g", "Kaffisbounen 250 g"),
        (
            "Our house blend, roasted in Luxembourg.",
            "Unsere Hausmischung, in Luxemburg geröstet.",
            "Notre mélange maison, torréfié au Luxembourg.",
            "Eis Hausmëschung, zu Lëtzebuerg geréischtert.",
        ),
    ),
    (
        "BP-CREMANT",
        "epicerie",
        14.50,
        14,
        {},
        False,
        "#c9b458",
        ("Crémant de Luxembourg", "Crémant de Luxembourg", "Crémant de Luxembourg", "Lëtzebuerger Crémant"),
        (
            "A dry sparkling wine from the Moselle, 75 cl.",
            "Ein trockener Schaumwein von der Mosel, 75 cl.",
            "Un vin mousseux brut de la Moselle, 75 cl.",
            "En dréchene Schaumwäin vun der Musel, 75 cl.",
        ),
    ),
    (
        "BP-TOTE",
        "epicerie",
        9.00,
        17,
        {},
        False,
        "#2f855a",
        ("Bakery tote bag", "Bäckerei-Einkaufstasche", "Sac cabas de la boulangerie", "Bäckerei-Akafstut"),
        (
            "Organic cotton bag for your bread.",
            "Tasche aus Bio-Baumwolle für Ihr Brot.",
            "Sac en coton bio pour votre pain.",
            "Tut aus Bio-Koteng fir Äert Brout.",
        ),
    ),
]


def load(demo: dict) -> None:
    """Categories and products of both demo shops; ``demo["catalog"]["variants"]`` lists the
    variant ids per shop code (inventory receives stock for them)."""
    tenancy = demo.get("tenancy") or {}
    platform_id = tenancy.get("platform_id")
    vendors = tenancy.get("vendors") or {}
    result: dict[str, list[int]] = {}
    for code, language, categories, products in (
        ("velo-lux", "lb", VELO_CATEGORIES, _velo_products()),
        ("boulangerie-paul", "fr", BAKERY_CATEGORIES, _bakery_products()),
    ):
        vendor_id = vendors.get(code)
        if vendor_id is None:
            continue
        vendor = SimpleNamespace(id=vendor_id, platform_id=platform_id, default_language=language)
        slugs = _categories(vendor, categories)
        for spec in products:
            _product(vendor, slugs, spec)
        result[code] = list(
            db.session.scalars(
                select(ProductVariant.id)
                .where(ProductVariant.vendor_id == vendor_id)
                .order_by(ProductVariant.id)
            )
        )
    demo["catalog"] = {"variants": result}


def _categories(vendor, rows) -> dict[str, int]:
    existing = category_service.by_slugs(vendor.id)
    for position, (slug, parent, en, de, fr, lb) in enumerate(rows):
        if slug in existing:
            continue
        data = CategoryIn(
            names={"en": en, "de": de, "fr": fr, "lb": lb},
            slug=slug,
            parent_id=existing.get(parent) if parent else None,
            position=position,
        )
        existing[slug] = category_service.create(vendor, data).id
    return existing


def _velo_products():
    for prefix, kind, model, brand, price, sizes, colours, featured in VELO_BIKES:
        words, descriptions, category = BIKE_KINDS[kind]
        titles = tuple(f"{word} {model}" for word in words)
        options = {"size": sizes, "colour": colours}
        yield {
            "sku": prefix,
            "category": category,
            "parents": ["bikes"],
            "brand": brand,
            "price": price,
            "vat": 17,
            "options": options,
            "featured": featured,
            "colour": COLOURS[colours[0]],
            "titles": titles,
            "descriptions": descriptions,
        }
    for sku, category, brand, price, vat, options, featured, titles, descriptions in VELO_OTHERS:
        colour = COLOURS.get((options.get("colour") or ("blue",))[0], "#2563eb")
        yield {
            "sku": sku,
            "category": category,
            "parents": [],
            "brand": brand,
            "price": price,
            "vat": vat,
            "options": options,
            "featured": featured,
            "colour": colour,
            "titles": titles,
            "descriptions": descriptions,
        }


def _bakery_products():
    for sku, category, price, vat, options, featured, colour, titles, descriptions in BAKERY:
        yield {
            "sku": sku,
            "category": category,
            "parents": [],
            "brand": "Boulangerie Paul",
            "price": price,
            "vat": vat,
            "options": options,
            "featured": featured,
            "colour": colour,
            "titles": titles,
            "descriptions": descriptions,
        }


def _combinations(options: dict[str, tuple]) -> list[dict[str, str]]:
    combos: list[dict[str, str]] = [{}]
    for name, values in options.items():
        combos = [{**combo, name: value} for combo in combos for value in values]
    return combos


def _product(vendor, categories: dict[str, int], spec: dict) -> None:
    base_sku = spec["sku"]
    exists = db.session.scalar(
        select(ProductVariant.id)
        .where(ProductVariant.vendor_id == vendor.id, ProductVariant.sku.like(f"{base_sku}%"))
        .limit(1)
    )
    if exists is not None:
        return
    from modules.cms.services import media_service

    languages = ("en", "de", "fr", "lb")
    titles = dict(zip(languages, spec["titles"], strict=True))
    image = media_service.store_generated_image(
        vendor.id,
        vendor.platform_id,
        f"product-{base_sku.lower()}",
        spec["colour"],
        titles[vendor.default_language],
        alt_text=titles,
    )
    variants = []
    cents = round(spec["price"] * 100)
    for combo in _combinations(spec["options"]):
        suffix = "-".join(v.upper().replace(" ", "") for v in combo.values())
        variants.append(
            {
                "sku": f"{base_sku}-{suffix}" if suffix else base_sku,
                "price_cents": _price_for(cents, spec["options"], combo),
                "options": combo,
            }
        )
    data = ProductIn(
        translations={
            lang: {"title": titles[lang], "description": description}
            for lang, description in zip(languages, spec["descriptions"], strict=True)
        },
        brand=spec["brand"],
        vat_rate=spec["vat"],
        status="active",
        featured=spec["featured"],
        category_ids=[categories[spec["category"]]]
        + [categories[p] for p in spec["parents"] if p in categories],
        media_ids=[image.id],
        variants=variants,
    )
    product_service.create(vendor, data)


def _price_for(cents: int, options: dict[str, tuple], combo: dict[str, str]) -> int:
    """Cakes for more people and the 1 kg loaf cost proportionally more; other options don't."""
    for name in ("size", "weight"):
        value = combo.get(name, "")
        first = (options.get(name) or ("",))[0]
        if value.endswith(" people") and first.endswith(" people"):
            return round(cents * int(value.split()[0]) / int(first.split()[0]))
        if value == "1 kg" and first == "500 g":
            return round(cents * 1.8)
    return cents
