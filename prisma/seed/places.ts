/**
 * The region's places and organisations: municipalities (CBS codes) with their kernen, Utrecht's
 * districts with postal-code ranges and street-name themes, and the landlords (corporations named
 * in the source documents: Bo-Ex, Mitros, Portaal, SSH and GroenWest [004], Lekstede [004]
 * `nonIndependentUnits`). Which corporation owns stock in which municipality is demo data, not
 * a statement about the real companies.
 *
 * @module
 */

/** A municipality of the demo region. `stock` = social dwellings at region scale. */
export interface MunicipalitySpec {
  code: string;
  name: string;
  /** kernen (cores) for local binding [003]; the first is the main town. */
  cores: string[];
  /** Social rental dwellings at region scale (Utrecht: figures.json `utrechtStock2018.total`). */
  stock: number;
  /** Postal-code number ranges per core (inclusive), same order as `cores`. */
  postal: [number, number][];
  /** Landlords (by key) and their share of the municipality's stock. */
  landlords: [string, number][];
  /** Share of the region's seekers living here. */
  seekerShare: number;
}

/** Municipalities of the Regio Utrecht housing market used by the seed (CBS codes, 2024). */
export const MUNICIPALITIES: readonly MunicipalitySpec[] = [
  {
    code: "GM0344",
    name: "Utrecht",
    cores: ["Utrecht", "Vleuten", "De Meern", "Haarzuilens"],
    stock: 43028,
    postal: [
      [3511, 3585],
      [3451, 3452],
      [3453, 3455],
      [3455, 3455],
    ],
    landlords: [
      ["mitros", 0.35],
      ["portaal", 0.3],
      ["bo-ex", 0.3],
      ["groenwest", 0.05],
    ],
    seekerShare: 0.52,
  },
  {
    code: "GM0356",
    name: "Nieuwegein",
    cores: ["Nieuwegein"],
    stock: 9600,
    postal: [[3430, 3439]],
    landlords: [
      ["lekstede", 0.5],
      ["mitros", 0.3],
      ["portaal", 0.2],
    ],
    seekerShare: 0.1,
  },
  {
    code: "GM0355",
    name: "Zeist",
    cores: ["Zeist", "Den Dolder", "Huis ter Heide", "Austerlitz", "Bosch en Duin"],
    stock: 7400,
    postal: [
      [3700, 3709],
      [3734, 3734],
      [3712, 3712],
      [3711, 3711],
      [3735, 3735],
    ],
    landlords: [
      ["portaal", 0.6],
      ["mitros", 0.4],
    ],
    seekerShare: 0.08,
  },
  {
    code: "GM0321",
    name: "Houten",
    cores: ["Houten", "Schalkwijk", "'t Goy", "Tull en 't Waal"],
    stock: 4800,
    postal: [
      [3990, 3995],
      [3998, 3998],
      [3996, 3996],
      [3999, 3999],
    ],
    landlords: [
      ["portaal", 0.5],
      ["lekstede", 0.5],
    ],
    seekerShare: 0.06,
  },
  {
    code: "GM0353",
    name: "IJsselstein",
    cores: ["IJsselstein"],
    stock: 4200,
    postal: [[3400, 3404]],
    landlords: [
      ["lekstede", 0.6],
      ["mitros", 0.4],
    ],
    seekerShare: 0.05,
  },
  {
    code: "GM1904",
    name: "Stichtse Vecht",
    cores: ["Maarssen", "Breukelen", "Loenen aan de Vecht", "Kockengen", "Nigtevecht", "Vreeland"],
    stock: 6300,
    postal: [
      [3600, 3608],
      [3620, 3621],
      [3632, 3632],
      [3628, 3628],
      [1393, 1393],
      [3633, 3633],
    ],
    landlords: [
      ["groenwest", 0.55],
      ["portaal", 0.45],
    ],
    seekerShare: 0.07,
  },
  {
    code: "GM0632",
    name: "Woerden",
    cores: ["Woerden", "Harmelen", "Kamerik", "Zegveld"],
    stock: 5200,
    postal: [
      [3440, 3448],
      [3481, 3481],
      [3471, 3471],
      [3474, 3474],
    ],
    landlords: [["groenwest", 1]],
    seekerShare: 0.06,
  },
  {
    code: "GM0310",
    name: "De Bilt",
    cores: ["Bilthoven", "De Bilt", "Maartensdijk", "Groenekan", "Westbroek", "Hollandsche Rading"],
    stock: 4100,
    postal: [
      [3720, 3723],
      [3731, 3732],
      [3738, 3738],
      [3737, 3737],
      [3615, 3615],
      [3739, 3739],
    ],
    landlords: [
      ["portaal", 0.6],
      ["bo-ex", 0.4],
    ],
    seekerShare: 0.04,
  },
];

/** A district (wijk) of the city of Utrecht with a postal range and a street-name theme. */
export interface DistrictSpec {
  name: string;
  postal: [number, number];
  /** City / kern printed in addresses. */
  city: string;
  /** Buurten (neighbourhoods). */
  neighbourhoods: string[];
  /** Street names (complete, Dutch-looking). */
  streets: string[];
  /** Relative rent level (higher = more expensive classes), used to correlate rent with place. */
  rentLevel: number;
  /** Build-year range of the social stock. */
  buildYears: [number, number];
  /** Share of single-family houses in the district's social stock. */
  houseShare: number;
  /** Typical highest floor of apartment complexes. */
  maxFloor: number;
}

const withSuffix = (bases: string[], suffix: string) => bases.map((b) => b + suffix);

/** Utrecht's districts (same order and names as `UTRECHT_DISTRICTS` in calibration.ts). */
export const UTRECHT_DISTRICT_SPECS: readonly DistrictSpec[] = [
  {
    name: "Overvecht",
    postal: [3561, 3565],
    city: "Utrecht",
    neighbourhoods: ["Overvecht-Noord", "Overvecht-Zuid", "Tigrisbuurt", "Vechtzoom", "Zambesibuurt"],
    streets: withSuffix(
      [
        "Tigris",
        "Donau",
        "Amazone",
        "Zambesi",
        "Eufraat",
        "Wolga",
        "Ganges",
        "Niger",
        "Theems",
        "Rhône",
        "Jordaan",
        "Nijl",
        "Loire",
        "Elbe",
        "Mekong",
        "Orinoco",
      ],
      "dreef",
    ).concat(["Gagelsteede", "Vechtzoomlaan", "Bernadottelaan", "Marokkodreef", "Zamenhofdreef"]),
    rentLevel: -0.6,
    buildYears: [1964, 1976],
    houseShare: 0.08,
    maxFloor: 10,
  },
  {
    name: "Zuidwest",
    postal: [3523, 3527],
    city: "Utrecht",
    neighbourhoods: [
      "Kanaleneiland-Noord",
      "Kanaleneiland-Zuid",
      "Transwijk",
      "Dichterswijk",
      "Rivierenwijk",
    ],
    streets: withSuffix(
      [
        "Marshall",
        "Truman",
        "Roosevelt",
        "Churchill",
        "Adenauer",
        "Nehru",
        "Monnet",
        "Spaak",
        "Dag Hammarskjöld",
        "Van Heuven Goedhart",
        "Schuman",
      ],
      "laan",
    ).concat(["Vondelstraat", "Bilderdijkstraat", "Kanaalweg", "Merwedekanaal", "Jekerstraat", "Maasstraat"]),
    rentLevel: -0.4,
    buildYears: [1958, 1972],
    houseShare: 0.06,
    maxFloor: 8,
  },
  {
    name: "Zuid",
    postal: [3521, 3524],
    city: "Utrecht",
    neighbourhoods: ["Hoograven", "Tolsteeg", "Lunetten", "Oud Hoograven"],
    streets: [
      "Merelstraat",
      "Spreeuwstraat",
      "Lijsterstraat",
      "Hooft Graaflandstraat",
      "Briljantlaan",
      "Smaragdplein",
    ].concat(
      withSuffix(["Eerste ", "Tweede ", "Derde ", "Vierde ", "Zesde "], "Lunet"),
      withSuffix(["Zuilenburg", "Gansstraat", "Verlengde Hoog"], "laan"),
    ),
    rentLevel: -0.2,
    buildYears: [1955, 1982],
    houseShare: 0.18,
    maxFloor: 5,
  },
  {
    name: "Noordwest",
    postal: [3552, 3555],
    city: "Utrecht",
    neighbourhoods: ["Zuilen", "Ondiep", "Pijlsweerd", "Elinkwijk", "Queeckhoven"],
    streets: withSuffix(
      [
        "Rembrandt",
        "Vermeer",
        "Frans Hals",
        "Jan Steen",
        "Mesdag",
        "Israëls",
        "Mauve",
        "Breitner",
        "Ruisdael",
        "Hobbema",
      ],
      "straat",
    ).concat([
      "Amsterdamsestraatweg",
      "Prinses Margrietstraat",
      "Elisabethstraat",
      "Ondiep-Zuidzijde",
      "Royaardsstraat",
    ]),
    rentLevel: -0.3,
    buildYears: [1925, 1965],
    houseShare: 0.22,
    maxFloor: 4,
  },
  {
    name: "Binnenstad",
    postal: [3511, 3512],
    city: "Utrecht",
    neighbourhoods: ["Wijk C", "Lange Nieuwstraat", "Breedstraat"],
    streets: [
      "Oudegracht",
      "Nieuwegracht",
      "Twijnstraat",
      "Lange Nieuwstraat",
      "Breedstraat",
      "Wijde Doelen",
      "Jacobsstraat",
      "Zadelstraat",
    ],
    rentLevel: 0.4,
    buildYears: [1880, 1990],
    houseShare: 0.05,
    maxFloor: 3,
  },
  {
    name: "Noordoost",
    postal: [3571, 3573],
    city: "Utrecht",
    neighbourhoods: ["Tuindorp", "Votulast", "Wittevrouwen", "Staatsliedenkwartier"],
    streets: withSuffix(
      ["Beethoven", "Mozart", "Chopin", "Händel", "Schubert", "Sweelinck", "Bach", "Haydn"],
      "laan",
    ).concat(["Blauwkapelseweg", "Kardinaal de Jongweg", "Thorbeckelaan"]),
    rentLevel: 0.2,
    buildYears: [1920, 1975],
    houseShare: 0.25,
    maxFloor: 4,
  },
  {
    name: "Oost",
    postal: [3581, 3585],
    city: "Utrecht",
    neighbourhoods: ["Rijnsweerd", "Abstede", "Oudwijk", "Sterrenwijk", "Science Park"],
    streets: withSuffix(["Galileï", "Kepler", "Copernicus", "Huygens", "Newton", "Kapteyn"], "laan").concat([
      "Sterrenstraat",
      "Abstederdijk",
      "Cambridgelaan",
      "Biltstraat",
    ]),
    rentLevel: 0.3,
    buildYears: [1930, 2012],
    houseShare: 0.1,
    maxFloor: 6,
  },
  {
    name: "West",
    postal: [3531, 3533],
    city: "Utrecht",
    neighbourhoods: ["Lombok", "Oog in Al", "Nieuw Engeland", "Schepenbuurt"],
    streets: withSuffix(
      ["Anijs", "Kaneel", "Gember", "Kruidnagel", "Saffraan", "Kardemom", "Vanille"],
      "straat",
    ).concat(["Kanaalstraat", "Damstraat", "Vleutenseweg", "Cartesiusweg"]),
    rentLevel: 0.1,
    buildYears: [1910, 1990],
    houseShare: 0.2,
    maxFloor: 5,
  },
  {
    name: "Leidsche Rijn",
    postal: [3541, 3544],
    city: "Utrecht",
    neighbourhoods: ["Terwijde", "Parkwijk", "Langerak", "Het Zand", "Leidsche Rijn Centrum"],
    streets: withSuffix(
      ["Harp", "Cello", "Viool", "Fagot", "Hobo", "Klarinet", "Trompet", "Luit", "Pauken"],
      "straat",
    ).concat(["Brailledreef", "Grauwaart", "Maximapark-Oost", "Berlijnplein"]),
    rentLevel: 0.7,
    buildYears: [1999, 2024],
    houseShare: 0.35,
    maxFloor: 8,
  },
  {
    name: "Vleuten-De Meern",
    postal: [3451, 3455],
    city: "De Meern",
    neighbourhoods: ["De Meern-Zuid", "Vleuten", "Veldhuizen", "Haarzuilens"],
    streets: withSuffix(
      ["Meidoorn", "Hazelaar", "Vlier", "Sleedoorn", "Kornoelje", "Duindoorn"],
      "laan",
    ).concat(["Meerndijk", "Europaweg", "Alendorperweg"]),
    rentLevel: 0.6,
    buildYears: [1975, 2020],
    houseShare: 0.45,
    maxFloor: 5,
  },
];

/** Street-name themes for the regional municipalities. */
export const REGIONAL_STREET_BASES = [
  "Lindelaan",
  "Eikenlaan",
  "Beukenlaan",
  "Kastanjelaan",
  "Wilgenhof",
  "Populierenstraat",
  "Iepenlaan",
  "Esdoornstraat",
  "Berkenhof",
  "Merelhof",
  "Zwaluwstraat",
  "Kievitlaan",
  "Reigerstraat",
  "Ooievaarhof",
  "Tulpstraat",
  "Narcissenlaan",
  "Rozenhof",
  "Dahliastraat",
  "Vechtkade",
  "Lekdijk",
  "Kerkstraat",
  "Dorpsstraat",
  "Molenweg",
  "Schoolstraat",
  "Julianalaan",
  "Wilhelminastraat",
  "Beatrixlaan",
  "Oranjelaan",
  "Prins Bernhardlaan",
  "Van Goghlaan",
  "Mondriaanstraat",
  "Escherhof",
  "Planetenbaan",
  "Zonnehof",
  "Maanlaan",
];

/** A landlord (woningcorporatie). */
export interface LandlordSpec {
  key: string;
  name: string;
  website: string;
  /** CBS code of the home municipality. */
  home: string;
}

/** Landlords named in the documents ([004] STUW corporations and `nonIndependentUnits`). */
export const LANDLORDS: readonly LandlordSpec[] = [
  { key: "bo-ex", name: "Bo-Ex", website: "https://www.bo-ex.nl", home: "GM0344" },
  { key: "mitros", name: "Mitros", website: "https://www.mitros.nl", home: "GM0344" },
  { key: "portaal", name: "Portaal", website: "https://www.portaal.nl", home: "GM0344" },
  { key: "ssh", name: "SSH Student Housing", website: "https://www.sshxl.nl", home: "GM0344" },
  { key: "lekstede", name: "Lekstede Wonen", website: "https://www.lekstede.nl", home: "GM0356" },
  { key: "groenwest", name: "GroenWest", website: "https://www.groenwest.nl", home: "GM0632" },
];

/** Dutch and Dutch-resident first names (mixed origins, as in the region). */
export const FIRST_NAMES_F = [
  "Emma",
  "Sanne",
  "Julia",
  "Lotte",
  "Sophie",
  "Anouk",
  "Fleur",
  "Lisa",
  "Eva",
  "Iris",
  "Noor",
  "Femke",
  "Maud",
  "Sara",
  "Fatima",
  "Aisha",
  "Yasmina",
  "Nora",
  "Imane",
  "Hanna",
  "Zeynep",
  "Elif",
  "Merve",
  "Ayse",
  "Ingrid",
  "Marjolein",
  "Wilma",
  "Petra",
  "Annelies",
  "Gerda",
  "Monique",
  "Esther",
  "Linda",
  "Priya",
  "Chantal",
  "Mila",
  "Tess",
  "Saskia",
  "Karin",
  "Rianne",
  "Naomi",
  "Liya",
  "Selam",
  "Rahaf",
  "Dounia",
  "Samira",
  "Joyce",
];
/** Male first names. */
export const FIRST_NAMES_M = [
  "Daan",
  "Sem",
  "Lucas",
  "Milan",
  "Thijs",
  "Bram",
  "Ruben",
  "Jesse",
  "Tim",
  "Lars",
  "Sven",
  "Niels",
  "Mohamed",
  "Yusuf",
  "Ahmed",
  "Omar",
  "Bilal",
  "Hamza",
  "Mehmet",
  "Emre",
  "Burak",
  "Kerem",
  "Jan",
  "Kees",
  "Henk",
  "Peter",
  "Gerrit",
  "Hans",
  "Wim",
  "Rob",
  "Marco",
  "Dennis",
  "Jeroen",
  "Mark",
  "Kevin",
  "Rachid",
  "Said",
  "Youssef",
  "Tesfay",
  "Dawit",
  "Yonas",
  "Ali",
  "Hassan",
  "Kofi",
  "Rajesh",
  "Stefan",
  "Joost",
  "Martijn",
  "Pieter",
];
/** Children's first names. */
export const CHILD_NAMES = [
  "Noah",
  "Luuk",
  "Finn",
  "Mees",
  "Saar",
  "Zoë",
  "Yara",
  "Adam",
  "Amira",
  "Liam",
  "Nova",
  "Ayoub",
  "Lina",
  "Sofia",
  "Mats",
  "Jip",
  "Fenna",
  "Ilyas",
  "Rayan",
  "Lieke",
  "Bo",
  "Sam",
  "Ella",
  "Inaya",
  "Olivia",
];
/** Surnames (with tussenvoegsels written as in Dutch). */
export const LAST_NAMES = [
  "de Vries",
  "Jansen",
  "van den Berg",
  "Bakker",
  "Visser",
  "Smit",
  "Meijer",
  "de Boer",
  "Mulder",
  "de Groot",
  "Bos",
  "Vos",
  "Peters",
  "Hendriks",
  "van Leeuwen",
  "Dekker",
  "Brouwer",
  "de Wit",
  "Dijkstra",
  "Smits",
  "de Graaf",
  "van der Meer",
  "van Dijk",
  "Kok",
  "Verhoeven",
  "Kuipers",
  "van Vliet",
  "Willems",
  "Hoekstra",
  "Maas",
  "Verbeek",
  "Schouten",
  "van Rijn",
  "Postma",
  "El Amrani",
  "Yilmaz",
  "Kaya",
  "Öztürk",
  "Bouzid",
  "Haddou",
  "El Idrissi",
  "Benali",
  "Aydin",
  "Demir",
  "Pinas",
  "Sno",
  "Nguyen",
  "Tesfamariam",
  "Haile",
  "Al-Ahmad",
  "Kassab",
  "Mahamud",
  "Singh",
  "Ramdin",
  "Koster",
  "Prins",
  "van Wijk",
  "Timmermans",
  "Groen",
];

/** Vital professions a municipality may name (vitale beroepen [003]). */
export const VITAL_PROFESSIONS = [
  "verpleegkundige",
  "verzorgende IG",
  "politieagent",
  "leraar primair onderwijs",
  "leraar voortgezet onderwijs",
  "ambulanceverpleegkundige",
  "brandweer",
  "pedagogisch medewerker kinderopvang",
  "boa",
];
