"""The disciplines of the demo programmes and their eight-semester plans.

Each semester plans 30 ECTS credits: the mandatory entries plus, for every elective group, `choose`
times the credits of one of its options (the options of a group have equal credits). General
education (GED, 56 credits as in the state standard) is shared by the three programmes; a
prerequisite always sits in an earlier semester of every plan that holds both disciplines.

Every text is in Kazakh, Russian and English: names and elective group titles here, descriptions and skills in
English here and in Kazakh and Russian in demo/catalogue_texts.py (by code).
"""

from dataclasses import dataclass, replace
from functools import partial

from curriculum.models import Discipline

from .catalogue_texts import TEXTS

GENERAL = Discipline.Cycle.GENERAL
BASIC = Discipline.Cycle.BASIC
PROFILE = Discipline.Cycle.PROFILE
MANDATORY = Discipline.Component.MANDATORY
UNIVERSITY = Discipline.Component.UNIVERSITY
ELECTIVE = Discipline.Component.ELECTIVE


@dataclass(frozen=True)
class DisciplineSpec:
    code: str
    credits: int
    name_kk: str
    name_ru: str
    name_en: str
    description: str  # in English, as `skills` ("Can ..."); the Kazakh and Russian ones are TEXTS[code]
    skills: str
    department: str
    cycle: str = BASIC
    component: str = UNIVERSITY
    prerequisites: tuple[str, ...] = ()
    languages: str = "kk,ru"
    counts_in_gpa: bool = True

    @property
    def description_kk(self) -> str:
        return TEXTS[self.code][0]

    @property
    def description_ru(self) -> str:
        return TEXTS[self.code][1]

    @property
    def competences_en(self) -> str:
        subject = self.name_en[0].lower() + self.name_en[1:]
        return f"Knows the key concepts and methods of {subject}.\nCan {self.skills}."

    @property
    def competences_kk(self) -> str:
        skills = TEXTS[self.code][2]
        return f"«{self.name_kk}» пәнінің негізгі ұғымдары мен әдістерін біледі.\n{skills[:1].upper()}{skills[1:]}."

    @property
    def competences_ru(self) -> str:
        return f"Знает основные понятия и методы дисциплины «{self.name_ru}».\nУмеет {TEXTS[self.code][3]}."


# Elective group titles in Kazakh and Russian, by their English title (the key).
ELECTIVE_TITLES = {
    "General education electives": ("Жалпы білім беретін элективтер", "Элективы общеобразовательного цикла"),
    "Data and applications": ("Деректер және қосымшалар", "Данные и приложения"),
    "Intelligent and engineering systems": (
        "Зияткерлік және инженерлік жүйелер",
        "Интеллектуальные и инженерные системы",
    ),
    "Emerging technologies": ("Жаңа технологиялар", "Новые технологии"),
    "Digital business": ("Цифрлық бизнес", "Цифровой бизнес"),
    "Economics of people and regions": ("Адам және өңір экономикасы", "Экономика человека и регионов"),
    "Investment and planning": ("Инвестиция және жоспарлау", "Инвестиции и планирование"),
    "Sector economics": ("Сала экономикасы", "Отраслевая экономика"),
    "Industries of Kazakhstan": ("Қазақстан салалары", "Отрасли Казахстана"),
    "Mathematics in depth": ("Математиканы тереңдетіп оқу", "Углублённая математика"),
    "Advanced mathematics": ("Жоғары математиканың қосымша тараулары", "Дополнительные главы высшей математики"),
    "School mathematics": ("Мектеп математикасы", "Школьная математика"),
    "Education management": ("Білім беруді басқару", "Управление образованием"),
}


@dataclass(frozen=True)
class ElectiveSpec:
    title: str
    choose: int
    options: tuple[DisciplineSpec, ...]

    @property
    def title_kk(self) -> str:
        return ELECTIVE_TITLES[self.title][0]

    @property
    def title_ru(self) -> str:
        return ELECTIVE_TITLES[self.title][1]

    @property
    def credits(self) -> int:
        return self.choose * self.options[0].credits


def d(code, credits, kk, ru, en, description, skills, **extra) -> DisciplineSpec:
    if "pre" in extra:
        extra["prerequisites"] = tuple(extra.pop("pre").split())
    return DisciplineSpec(code, credits, kk, ru, en, description, skills, **extra)


def elective(title: str, choose: int, *options: DisciplineSpec) -> ElectiveSpec:
    return ElectiveSpec(title, choose, tuple(replace(o, component=ELECTIVE) for o in options))


Semester = list[DisciplineSpec | ElectiveSpec]

# ---------------------------------------------------------------- general education (shared)
ged = partial(d, cycle=GENERAL, component=MANDATORY)
GED: dict[int, Semester] = {
    1: [
        ged("IK1101", 5, "Қазақстан тарихы", "История Казахстана", "History of Kazakhstan",
            "The history of Kazakhstan from the ancient nomads to independence and the present day.",
            "explain the key stages of Kazakh statehood and read historical sources critically", department="SOC"),
        ged("IYa1102", 5, "Шетел тілі 1", "Иностранный язык 1", "Foreign language 1",
            "General English at levels A2–B1: everyday topics, grammar, listening and speaking.",
            "hold a conversation on everyday topics and write a short letter in English",
            department="LANG", languages="en"),
        ged("KRYa1104", 5, "Қазақ (орыс) тілі 1", "Казахский (русский) язык 1", "Kazakh (Russian) language 1",
            "The second state or official language at level B1: communication in study and everyday life.",
            "communicate in the second language in study and everyday situations", department="LANG"),
        ged("DSh1107", 4, "Дене шынықтыру 1", "Физическая культура 1", "Physical education 1",
            "General physical training, athletics and sports games; pass/fail, not in the GPA.",
            "keep up a healthy lifestyle and plan own physical training",
            department="PE", counts_in_gpa=False),
    ],
    2: [
        ged("IYa1203", 5, "Шетел тілі 2", "Иностранный язык 2", "Foreign language 2",
            "English at level B1–B2 for study: reading texts in the field, presentations, academic writing.",
            "read texts of the field and give a short presentation in English",
            department="LANG", languages="en", pre="IYa1102"),
        ged("KRYa1205", 5, "Қазақ (орыс) тілі 2", "Казахский (русский) язык 2", "Kazakh (Russian) language 2",
            "The second language at level B2: professional vocabulary, business papers, public speaking.",
            "write business papers and speak in public in the second language", department="LANG", pre="KRYa1104"),
        ged("IKT1206", 5, "Ақпараттық-коммуникациялық технологиялар",
            "Информационно-коммуникационные технологии", "Information and communication technologies",
            "Computers, networks, the internet, office software, data, cyber-security and e-government services.",
            "use office software, cloud services and e-government services safely",
            department="IS", languages="kk,ru,en"),
        ged("DSh1208", 4, "Дене шынықтыру 2", "Физическая культура 2", "Physical education 2",
            "Sports games, swimming and the standards of physical fitness; pass/fail, not in the GPA.",
            "meet the standards of physical fitness", department="PE", counts_in_gpa=False, pre="DSh1107"),
    ],
    3: [
        ged("Fil2301", 5, "Философия", "Философия", "Philosophy",
            "The main questions and schools of philosophy, from antiquity and the Turkic thinkers to our days.",
            "argue a position on a philosophical question and recognise fallacies", department="SOC"),
        ged("SPZ2302", 4, "Әлеуметтану және саясаттану", "Социология и политология",
            "Sociology and political science",
            "Society, social groups and institutions; the state, power and political systems of Kazakhstan.",
            "analyse social and political processes using data and sources", department="SOC"),
    ],
    4: [
        ged("SPZ2403", 4, "Мәдениеттану және психология", "Культурология и психология",
            "Cultural studies and psychology",
            "Culture of the Great Steppe and the world; personality, motivation, communication and stress.",
            "work in a team across cultures and manage stress", department="SOC"),
        elective(
            "General education electives",
            1,
            ged("AK2404", 5, "Сыбайлас жемқорлыққа қарсы мәдениет негіздері",
                "Основы антикоррупционной культуры", "Fundamentals of anti-corruption culture",
                "Corruption as a social phenomenon, its prevention and the law of Kazakhstan.",
                "recognise conflicts of interest and act within the anti-corruption law", department="SOC"),
            ged("ETB2405", 5, "Экология және тіршілік қауіпсіздігі", "Экология и безопасность жизнедеятельности",
                "Ecology and life safety",
                "Ecosystems, environmental problems of Kazakhstan, emergencies and first aid.",
                "assess environmental risks and act in an emergency", department="SOC"),
            ged("KKI2406", 5, "Кәсіпкерлік, көшбасшылық және инновациялар негіздері",
                "Основы предпринимательства, лидерства и инноваций",
                "Fundamentals of entrepreneurship, leadership and innovation",
                "Starting a business, leading a team and bringing an innovation to market.",
                "draft a business idea and pitch it to investors", department="ECON"),
        ),
    ],
}  # fmt: skip

# ---------------------------------------------------------------- 6B06101 Information systems
isb = partial(d, department="IS", cycle=BASIC)
isp = partial(d, department="IS", cycle=PROFILE)
INFORMATION_SYSTEMS: dict[int, Semester] = {
    1: [
        isb("LAAG1110", 5, "Сызықтық алгебра және аналитикалық геометрия",
            "Линейная алгебра и аналитическая геометрия", "Linear algebra and analytic geometry",
            "Matrices, determinants, systems of linear equations, vector spaces, lines and planes.",
            "solve systems of linear equations and work with vectors and matrices"),
        isb("AP1111", 6, "Алгоритмдеу және программалау негіздері", "Основы алгоритмизации и программирования",
            "Fundamentals of algorithms and programming",
            "Algorithms, data types, control flow, functions and files in Python.",
            "write, test and debug small programs in Python", languages="kk,ru,en"),
    ],
    2: [
        isb("MA1212", 5, "Математикалық талдау", "Математический анализ", "Calculus",
            "Limits, derivatives, integrals and series of functions of one and several variables.",
            "differentiate and integrate functions and apply them to applied problems"),
        isb("OOP1213", 6, "Объектіге бағытталған программалау", "Объектно-ориентированное программирование",
            "Object-oriented programming",
            "Classes, inheritance, polymorphism, interfaces and design patterns in Java.",
            "design a program as a set of collaborating classes", pre="AP1111", languages="kk,ru,en"),
    ],
    3: [
        isb("DM2314", 5, "Дискретті математика", "Дискретная математика", "Discrete mathematics",
            "Sets, relations, logic, combinatorics, graphs and finite automata.",
            "model a problem with sets, graphs and logic", pre="LAAG1110"),
        isb("ASD2315", 6, "Алгоритмдер және деректер құрылымдары", "Алгоритмы и структуры данных",
            "Algorithms and data structures",
            "Lists, trees, hash tables, sorting and searching, graph algorithms, complexity.",
            "choose a data structure and estimate an algorithm's complexity", pre="OOP1213"),
        isb("AKOS2316", 5, "Компьютерлік архитектура және операциялық жүйелер",
            "Архитектура компьютеров и операционные системы", "Computer architecture and operating systems",
            "Processors, memory, processes and threads, file systems, Linux administration basics.",
            "administer a Linux system and explain how a program uses the hardware", pre="IKT1206"),
        isb("TVMS2317", 5, "Ықтималдықтар теориясы және математикалық статистика",
            "Теория вероятностей и математическая статистика", "Probability theory and mathematical statistics",
            "Random events and variables, distributions, estimation and hypothesis testing.",
            "estimate parameters and test hypotheses on real data", pre="MA1212"),
    ],
    4: [
        isb("BD2418", 6, "Деректер қоры", "Базы данных", "Databases",
            "The relational model, normalisation, SQL, transactions and indexes in PostgreSQL.",
            "design a normalised schema and write SQL queries", pre="DM2314"),
        isb("KS2419", 5, "Компьютерлік желілер", "Компьютерные сети", "Computer networks",
            "The OSI and TCP/IP models, addressing, routing, switching and network services.",
            "configure a small network and diagnose its faults", pre="AKOS2316"),
        isb("WT2420", 5, "Веб-технологиялар", "Веб-технологии", "Web technologies",
            "HTML, CSS, JavaScript, HTTP and accessible, responsive page layout.",
            "build an accessible, responsive web page", pre="OOP1213", languages="kk,ru,en"),
        isb("OP2421", 5, "Оқу практикасы", "Учебная практика", "Educational practice",
            "Two weeks in the university's IT service: help desk, inventory and small scripts.",
            "apply programming and office skills to a real task of an organisation"),
    ],
    5: [
        isb("PAIS3522", 6, "Ақпараттық жүйелерді талдау және жобалау",
            "Анализ и проектирование информационных систем", "Information systems analysis and design",
            "Requirements, business process modelling, UML and the architecture of an information system.",
            "gather requirements and model an information system in UML", pre="BD2418"),
        isb("PI3523", 5, "Бағдарламалық инженерия", "Программная инженерия", "Software engineering",
            "The software life cycle, agile methods, version control, code review and testing.",
            "work in a team on a project with Git, reviews and tests", pre="ASD2315"),
        isb("OIB3524", 5, "Ақпараттық қауіпсіздік негіздері", "Основы информационной безопасности",
            "Fundamentals of information security",
            "Threats, cryptography, access control, security policies and the law of Kazakhstan.",
            "assess the threats to a system and choose protective measures", pre="KS2419"),
        isb("ONI3525", 4, "Ғылыми зерттеу негіздері", "Основы научных исследований",
            "Fundamentals of scientific research",
            "Research questions, literature search, experiments, academic writing and citation.",
            "plan a small study and write it up with correct citations"),
        elective(
            "Data and applications",
            2,
            isb("PAD3526", 5, "Деректерді талдауға арналған Python", "Python для анализа данных",
                "Python for data analysis", "NumPy, pandas and matplotlib: cleaning, exploring and plotting data.",
                "clean a data set and present its findings in charts", pre="TVMS2317", languages="kk,ru,en"),
            isb("RMP3527", 5, "Мобильді қосымшаларды әзірлеу", "Разработка мобильных приложений",
                "Mobile application development", "Android applications in Kotlin: screens, storage and networking.",
                "build and publish a simple Android application", pre="OOP1213"),
            isb("OV3528", 5, "Бұлттық есептеулер", "Облачные вычисления", "Cloud computing",
                "Virtual machines, containers, storage and managed services in a public cloud.",
                "deploy an application to a cloud platform", pre="KS2419"),
            isb("ChKV3529", 5, "Адам мен компьютердің өзара әрекеттесуі", "Человеко-компьютерное взаимодействие",
                "Human–computer interaction", "User research, prototyping, usability testing and accessibility.",
                "design and test an interface with real users", pre="WT2420"),
        ),
    ],
    6: [
        isp("KIS3630", 5, "Корпоративтік ақпараттық жүйелер", "Корпоративные информационные системы",
            "Enterprise information systems", "ERP, CRM and document flow systems and their integration.",
            "choose and configure an enterprise system for a business process", pre="PAIS3522"),
        isp("RWP3631", 6, "Веб-қосымшаларды әзірлеу", "Разработка веб-приложений", "Web application development",
            "Server-side web development with Django: models, views, forms, authentication and deployment.",
            "build and deploy a database-backed web application", pre="WT2420 BD2418", languages="kk,ru,en"),
        isp("UITP3632", 5, "IT-жобаларды басқару", "Управление IT-проектами", "IT project management",
            "Scope, schedule, budget, risks and teams of IT projects; Scrum and Kanban.",
            "plan an IT project and run it in sprints", pre="PI3523"),
        isp("PP3633", 5, "Өндірістік практика", "Производственная практика", "Industrial practice",
            "Six weeks in an IT company or an IT department, with a report defended at the department.",
            "take part in the development of a real information system"),
        isb("HDBI3634", 4, "Деректер қоймалары және бизнес-аналитика", "Хранилища данных и бизнес-аналитика",
            "Data warehouses and business intelligence", "Dimensional modelling, ETL, OLAP and dashboards.",
            "build a data mart and a dashboard for managers", pre="BD2418"),
        elective(
            "Intelligent and engineering systems",
            1,
            isb("MO3635", 5, "Машиналық оқыту", "Машинное обучение", "Machine learning",
                "Regression, classification, clustering and model evaluation with scikit-learn.",
                "train a model, evaluate it and explain its errors", pre="TVMS2317", languages="kk,ru,en"),
            isb("DEV3636", 5, "DevOps тәжірибелері", "Практики DevOps", "DevOps practices",
                "Continuous integration and delivery, containers, infrastructure as code and monitoring.",
                "set up a pipeline that tests and deploys an application", pre="AKOS2316"),
            isb("KG3637", 5, "Компьютерлік графика", "Компьютерная графика", "Computer graphics",
                "Raster and vector graphics, transformations, projections and rendering.",
                "program two- and three-dimensional scenes", pre="LAAG1110"),
        ),
    ],
    7: [
        isp("RS4738", 5, "Үлестірілген жүйелер", "Распределённые системы", "Distributed systems",
            "Replication, consistency, consensus, message queues and fault tolerance.",
            "design a service that survives the failure of a node", pre="KS2419"),
        isp("BIS4739", 5, "Ақпараттық жүйелердің қауіпсіздігі", "Безопасность информационных систем",
            "Information systems security", "Secure development, OWASP Top 10, penetration testing and audit logs.",
            "find and fix common vulnerabilities of a web application", pre="OIB3524"),
        isp("TBD4740", 5, "Үлкен деректер технологиялары", "Технологии больших данных", "Big data technologies",
            "Hadoop, Spark, streaming and NoSQL stores for large volumes of data.",
            "process a large data set with Spark", pre="BD2418"),
        isp("TPO4741", 5, "Бағдарламалық қамтамасыз етуді тестілеу", "Тестирование программного обеспечения",
            "Software testing and quality assurance",
            "Test levels and techniques, automated tests, test management and quality metrics.",
            "write automated tests and a test plan for a system", pre="PI3523"),
        elective(
            "Emerging technologies",
            2,
            isp("GO4742", 5, "Терең оқыту", "Глубокое обучение", "Deep learning",
                "Neural networks, convolutional and recurrent models, transfer learning with PyTorch.",
                "train and fine-tune a neural network", pre="TVMS2317", languages="kk,ru,en"),
            isp("BT4743", 5, "Блокчейн технологиялары", "Технологии блокчейн", "Blockchain technologies",
                "Distributed ledgers, consensus protocols and smart contracts.",
                "write and test a simple smart contract", pre="OIB3524"),
            isp("IV4744", 5, "Заттар интернеті", "Интернет вещей", "Internet of things",
                "Sensors, microcontrollers, IoT protocols and platforms.",
                "connect sensors to a cloud platform and process their data", pre="KS2419"),
            isp("MSA4745", 5, "Микросервистік архитектура", "Микросервисная архитектура", "Microservice architecture",
                "Splitting a system into services, APIs, messaging and observability.",
                "split an application into services that talk over an API", pre="RWP3631"),
        ),
    ],
    8: [
        isp("AIS4846", 5, "Ақпараттық жүйелер аудиті", "Аудит информационных систем", "Information systems audit",
            "IT governance, COBIT, audit of controls, risks and compliance.",
            "audit the controls of an information system and report the risks", pre="BIS4739"),
        isp("PDP4847", 6, "Дипломалды практика", "Преддипломная практика", "Pre-diploma practice",
            "Practice at the organisation of the diploma project: collecting data and building the system.",
            "collect the material for the diploma project in an organisation"),
        isp("DZ4848", 6, "Дипломдық жобаны жазу және қорғау", "Написание и защита дипломного проекта",
            "Writing and defending the diploma project",
            "The final attestation: writing the diploma project and defending it before the state commission.",
            "present and defend an information system of own design"),
        isp("ITP4849", 4, "IT саласындағы құқық және этика", "Право и этика в IT", "IT law and ethics",
            "Personal data, intellectual property, licences and the professional ethics of IT specialists.",
            "apply the law on personal data and software licences"),
        isp("ITS4850", 4, "IT-стартаптарды әзірлеу", "Разработка IT-стартапов", "IT startup development",
            "From an idea to a minimum viable product: customer discovery, business models and pitching.",
            "validate a product idea and pitch a minimum viable product"),
        elective(
            "Digital business",
            1,
            isp("ERP4851", 5, "ERP-жүйелер", "ERP-системы", "ERP systems",
                "Modules of ERP systems, implementation projects and configuration of business processes.",
                "configure a business process in an ERP system", pre="KIS3630"),
            isp("EG4852", 5, "Электрондық үкімет жүйелері", "Системы электронного правительства",
                "E-government systems", "The e-government of Kazakhstan: services, data exchange, digital signature.",
                "integrate a system with e-government services"),
            isp("DTB4853", 5, "Бизнестің цифрлық трансформациясы", "Цифровая трансформация бизнеса",
                "Digital transformation of business", "Digital strategy, process automation and change management.",
                "draw up a plan for the digital transformation of a company"),
        ),
    ],
}  # fmt: skip

# ---------------------------------------------------------------- 6B04101 Economics
eb = partial(d, department="ECON", cycle=BASIC)
ep = partial(d, department="ECON", cycle=PROFILE)
ECONOMICS: dict[int, Semester] = {
    1: [
        eb("Mik1110", 6, "Микроэкономика", "Микроэкономика", "Microeconomics",
           "Supply and demand, consumer choice, costs, market structures and market failures.",
           "analyse a market with supply and demand models"),
        eb("ME1111", 5, "Экономистерге арналған математика", "Математика для экономистов",
           "Mathematics for economists", "Functions, derivatives, optimisation and matrices in economic problems.",
           "solve optimisation problems that arise in economics"),
    ],
    2: [
        eb("Mak1212", 6, "Макроэкономика", "Макроэкономика", "Macroeconomics",
           "GDP, inflation, unemployment, fiscal and monetary policy, economic growth.",
           "explain macroeconomic indicators and the effect of economic policy", pre="Mik1110"),
        eb("OBU1213", 5, "Бухгалтерлік есеп негіздері", "Основы бухгалтерского учёта", "Principles of accounting",
           "The accounting equation, double entry, accounts and the financial statements.",
           "record business transactions and draw up a trial balance"),
    ],
    3: [
        eb("Stat2314", 5, "Статистика", "Статистика", "Statistics",
           "Collecting and summarising data, indices, sampling, correlation and regression.",
           "compute and interpret statistical indicators of economic data", pre="ME1111"),
        eb("Men2315", 5, "Менеджмент", "Менеджмент", "Management",
           "Planning, organising, motivating and controlling; leadership and decision making.",
           "plan the work of a team and make a reasoned management decision"),
        eb("Mar2316", 5, "Маркетинг", "Маркетинг", "Marketing",
           "Market research, segmentation, the marketing mix and digital marketing.",
           "carry out a market study and propose a marketing mix", pre="Mik1110"),
        eb("Fin2317", 6, "Қаржы", "Финансы", "Finance",
           "The financial system, public and corporate finance, financial markets and instruments.",
           "explain how the financial system of Kazakhstan works", pre="Mak1212"),
    ],
    4: [
        eb("Ekm2418", 6, "Эконометрика", "Эконометрика", "Econometrics",
           "Linear regression, its assumptions and tests, time series and forecasting in R.",
           "estimate and test an econometric model", pre="Stat2314"),
        eb("DKB2419", 5, "Ақша, несие, банктер", "Деньги, кредит, банки", "Money, credit and banking",
           "Money and its functions, credit, commercial banks and the National Bank of Kazakhstan.",
           "analyse the operations and the statements of a commercial bank", pre="Fin2317"),
        eb("NEK2420", 5, "Қазақстанның ұлттық экономикасы", "Национальная экономика Казахстана",
           "National economy of Kazakhstan",
           "The structure, sectors, regions and development programmes of Kazakhstan.",
           "assess the state of a sector of the economy of Kazakhstan", pre="Mak1212"),
        eb("EOP2421", 5, "Оқу практикасы", "Учебная практика", "Educational practice",
           "Two weeks in the finance or planning office of an organisation.",
           "read the documents of an organisation and describe its economic activity"),
    ],
    5: [
        eb("EP3522", 6, "Кәсіпорын экономикасы", "Экономика предприятия", "Business economics",
           "Assets, costs, prices, profit and efficiency of an enterprise.",
           "calculate the costs and the profitability of an enterprise", pre="Mik1110"),
        eb("FU3523", 5, "Қаржылық есеп", "Финансовый учёт", "Financial accounting",
           "Financial accounting under IFRS: assets, liabilities, equity, income and expenses.",
           "prepare financial statements under IFRS", pre="OBU1213"),
        eb("NN3524", 5, "Салықтар және салық салу", "Налоги и налогообложение", "Taxes and taxation",
           "The Tax Code of Kazakhstan: corporate and personal income tax, VAT and social payments.",
           "calculate the main taxes of a company", pre="Fin2317"),
        eb("MIE3525", 4, "Экономикадағы зерттеу әдістері", "Методы исследований в экономике",
           "Research methods in economics", "Research design, data sources, surveys and the economic paper.",
           "plan an economic study and choose its methods", pre="Ekm2418"),
        elective(
            "Economics of people and regions",
            2,
            eb("PE3526", 5, "Мінез-құлық экономикасы", "Поведенческая экономика", "Behavioural economics",
               "Bounded rationality, heuristics, biases and nudges.",
               "explain economic choices that depart from rational models", pre="Mik1110"),
            eb("TsE3527", 5, "Цифрлық экономика", "Цифровая экономика", "Digital economy",
               "Platforms, e-commerce, fintech and the digital economy programmes of Kazakhstan.",
               "assess a digital business model", pre="Mak1212"),
            eb("ET3528", 5, "Еңбек экономикасы", "Экономика труда", "Labour economics",
               "The labour market, wages, employment, migration and human capital.",
               "analyse the labour market of a region", pre="Mik1110"),
            eb("RE3529", 5, "Аймақтық экономика", "Региональная экономика", "Regional economics",
               "Location of production, regional disparities and regional policy in Kazakhstan.",
               "compare the economic development of regions", pre="NEK2420"),
        ),
    ],
    6: [
        ep("ME3630", 5, "Халықаралық экономика", "Международная экономика", "International economics",
           "International trade, the balance of payments, exchange rates and the Eurasian Economic Union.",
           "analyse the foreign trade of Kazakhstan", pre="Mak1212"),
        ep("FM3631", 6, "Қаржылық менеджмент", "Финансовый менеджмент", "Financial management",
           "Time value of money, capital budgeting, capital structure and working capital.",
           "evaluate an investment project and its financing", pre="Fin2317"),
        ep("EA3632", 5, "Экономикалық талдау", "Экономический анализ", "Economic analysis",
           "Analysis of the financial statements, ratios and the factors of an enterprise's results.",
           "analyse the financial position of a company from its statements", pre="FU3523"),
        ep("EPP3633", 5, "Өндірістік практика", "Производственная практика", "Industrial practice",
           "Six weeks in a company, a bank or a public body, with a report defended at the department.",
           "take part in the economic work of an organisation"),
        eb("Cen3634", 4, "Баға белгілеу", "Ценообразование", "Pricing",
           "Pricing methods and strategies and the state regulation of prices.",
           "set a price for a product and justify it", pre="Mar2316"),
        elective(
            "Investment and planning",
            1,
            eb("IA3635", 5, "Инвестициялық талдау", "Инвестиционный анализ", "Investment analysis",
               "Stocks, bonds, portfolio theory and the valuation of investments.",
               "build and evaluate an investment portfolio", pre="Fin2317"),
            eb("BP3636", 5, "Бизнес-жоспарлау", "Бизнес-планирование", "Business planning",
               "The structure of a business plan, market, production and financial plans.",
               "write a business plan for a new venture", pre="Men2315"),
            eb("EN3637", 5, "Жылжымайтын мүлік экономикасы", "Экономика недвижимости", "Real estate economics",
               "The real estate market, valuation, mortgages and development projects.",
               "value a property with the income and comparison approaches", pre="Mik1110"),
        ),
    ],
    7: [
        ep("GRE4738", 5, "Экономиканы мемлекеттік реттеу", "Государственное регулирование экономики",
           "Government regulation of the economy", "Methods and tools of state regulation, state programmes.",
           "assess the effect of a state programme on the economy", pre="NEK2420"),
        ep("URE4739", 5, "Экономикалық тәуекелдерді басқару", "Управление экономическими рисками",
           "Economic risk management", "Identifying, measuring and managing the risks of a company.",
           "build a risk map of a company and propose measures", pre="FM3631"),
        ep("GF4740", 5, "Мемлекеттік қаржы", "Государственные финансы", "Public finance",
           "The budget system of Kazakhstan, public revenue and spending, the National Fund.",
           "analyse the budget of a region", pre="NN3524"),
        ep("Aud4741", 5, "Аудит", "Аудит", "Auditing",
           "Audit standards, planning, evidence, sampling and the audit report.",
           "plan an audit and draw up working papers", pre="FU3523"),
        elective(
            "Sector economics",
            2,
            ep("ZE4742", 5, "Жасыл экономика", "Зелёная экономика", "Green economy",
               "Sustainable development, renewable energy and Kazakhstan's green economy concept.",
               "assess the environmental and economic effect of a project", pre="NEK2420"),
            ep("Log4743", 5, "Логистика", "Логистика", "Logistics",
               "Supply chains, transport, warehousing and the transit potential of Kazakhstan.",
               "design a supply chain and estimate its costs", pre="EP3522"),
            ep("EI4744", 5, "Инновациялар экономикасы", "Экономика инноваций", "Economics of innovation",
               "Innovation, technology transfer, venture financing and innovation policy.",
               "evaluate an innovation project", pre="EP3522"),
            ep("KF4745", 5, "Корпоративтік қаржы", "Корпоративные финансы", "Corporate finance",
               "Company valuation, dividends, mergers and acquisitions.",
               "value a company with discounted cash flows", pre="FM3631"),
        ),
    ],
    8: [
        ep("SP4846", 5, "Стратегиялық жоспарлау", "Стратегическое планирование", "Strategic planning",
           "Strategic analysis, strategies of a company and their implementation.",
           "draw up the strategy of a company", pre="Men2315"),
        ep("EPD4847", 6, "Дипломалды практика", "Преддипломная практика", "Pre-diploma practice",
           "Practice at the organisation studied in the thesis: collecting and analysing data.",
           "collect and analyse the data of the thesis in an organisation"),
        ep("EDR4848", 6, "Дипломдық жұмысты жазу және қорғау", "Написание и защита дипломной работы",
           "Writing and defending the thesis",
           "The final attestation: writing the thesis and defending it before the state commission.",
           "present and defend the results of an economic study"),
        ep("DE4849", 4, "Іскерлік этика", "Деловая этика", "Business ethics",
           "Ethics in business, corporate social responsibility and codes of conduct.",
           "resolve an ethical dilemma in business"),
        ep("EPr4850", 4, "Экономикалық болжау", "Экономическое прогнозирование", "Economic forecasting",
           "Forecasting methods, scenarios and forecasts of the economy of Kazakhstan.",
           "forecast an economic indicator and judge its accuracy", pre="Ekm2418"),
        elective(
            "Industries of Kazakhstan",
            1,
            ep("ETu4851", 5, "Туризм экономикасы", "Экономика туризма", "Tourism economics",
               "The tourism market, tourist products and the tourism potential of Kazakhstan.",
               "develop a tourist product and estimate its economics"),
            ep("ASE4852", 5, "Аграрлық сектор экономикасы", "Экономика аграрного сектора",
               "Agricultural economics", "Agriculture of Kazakhstan, farms, agricultural markets and subsidies.",
               "analyse the economics of a farm"),
            ep("ENG4853", 5, "Мұнай-газ саласының экономикасы", "Экономика нефтегазовой отрасли",
               "Oil and gas economics", "The oil and gas industry, its markets, contracts and taxation.",
               "analyse the economics of an oil and gas project"),
        ),
    ],
}  # fmt: skip

# ---------------------------------------------------------------- 6B01501 Mathematics teacher training
mb = partial(d, department="MATH", cycle=BASIC)
mp = partial(d, department="MATH", cycle=PROFILE)
MATHEMATICS: dict[int, Semester] = {
    1: [
        mb("EM1110", 5, "Элементар математика", "Элементарная математика", "Elementary mathematics",
           "Numbers, equations, inequalities, functions and plane geometry of the school course.",
           "solve the school problems of algebra and geometry"),
        mb("ATS1111", 6, "Алгебра және сандар теориясы 1", "Алгебра и теория чисел 1",
           "Algebra and number theory 1", "Sets, complex numbers, polynomials, matrices and linear systems.",
           "work with polynomials, matrices and systems of linear equations"),
    ],
    2: [
        mb("MT1212", 6, "Математикалық талдау 1", "Математический анализ 1", "Mathematical analysis 1",
           "Real numbers, sequences, limits, continuity and derivatives.",
           "compute limits and derivatives and study functions", pre="EM1110"),
        mb("AG1213", 5, "Аналитикалық геометрия", "Аналитическая геометрия", "Analytic geometry",
           "Vectors, lines and planes, conic sections and quadric surfaces.",
           "solve geometric problems by the coordinate method", pre="ATS1111"),
    ],
    3: [
        mb("MT2314", 6, "Математикалық талдау 2", "Математический анализ 2", "Mathematical analysis 2",
           "Integrals, series and functions of several variables.",
           "compute integrals and study series", pre="MT1212"),
        mb("ATS2315", 5, "Алгебра және сандар теориясы 2", "Алгебра и теория чисел 2",
           "Algebra and number theory 2", "Vector spaces, linear maps, groups, rings, divisibility and congruences.",
           "prove statements about divisibility and linear maps", pre="ATS1111"),
        mb("Ped2316", 5, "Педагогика", "Педагогика", "Pedagogy",
           "Theory of education and upbringing, the school system of Kazakhstan and the updated curriculum.",
           "plan a lesson with learning objectives and assessment"),
        mb("IO2317", 5, "Инклюзивті білім беру", "Инклюзивное образование", "Inclusive education",
           "Special educational needs, inclusive classrooms and support for every learner.",
           "adapt a lesson for pupils with special educational needs"),
    ],
    4: [
        mb("MT2418", 5, "Математикалық талдау 3", "Математический анализ 3", "Mathematical analysis 3",
           "Multiple, line and surface integrals, Fourier series.",
           "compute multiple integrals and expand functions in Fourier series", pre="MT2314"),
        mb("Geo2419", 5, "Геометрия", "Геометрия", "Geometry",
           "Foundations of geometry, geometric transformations and projective geometry.",
           "prove geometric statements with transformations", pre="AG1213"),
        mb("MPM2420", 6, "Математиканы оқыту әдістемесі 1", "Методика преподавания математики 1",
           "Methods of teaching mathematics 1", "Aims, content and methods of teaching mathematics in grades 5–9.",
           "plan and teach a lesson of school mathematics", pre="Ped2316"),
        mb("MOP2421", 5, "Оқу практикасы", "Учебная практика", "Educational practice",
           "Two weeks at a school watching lessons and helping the mathematics teacher.",
           "observe and analyse a mathematics lesson"),
    ],
    5: [
        mb("DU3522", 6, "Дифференциалдық теңдеулер", "Дифференциальные уравнения", "Differential equations",
           "Ordinary differential equations, systems, stability and applications.",
           "solve ordinary differential equations and model processes with them", pre="MT2314"),
        mb("TVS3523", 5, "Ықтималдықтар теориясы және математикалық статистика",
           "Теория вероятностей и математическая статистика", "Probability and statistics for teachers",
           "Probability, random variables, statistics and their place in the school course.",
           "solve problems in probability and teach statistics at school", pre="MT2314"),
        mb("MPM3524", 5, "Математиканы оқыту әдістемесі 2", "Методика преподавания математики 2",
           "Methods of teaching mathematics 2", "Teaching algebra, analysis and geometry in grades 10–11.",
           "teach the topics of senior school mathematics", pre="MPM2420"),
        mb("TsO3525", 4, "Математиканы оқытудағы цифрлық құралдар",
           "Цифровые инструменты в обучении математике", "Digital tools in teaching mathematics",
           "GeoGebra, Desmos, online assessment and learning platforms.",
           "use digital tools in mathematics lessons", pre="IKT1206"),
        elective(
            "Mathematics in depth",
            2,
            mb("OZ3526", 5, "Олимпиадалық есептерді шығару", "Решение олимпиадных задач",
               "Solving olympiad problems",
               "Methods of solving olympiad problems in algebra, geometry and combinatorics.",
               "solve and explain olympiad problems", pre="EM1110"),
            mb("IM3527", 5, "Математика тарихы", "История математики", "History of mathematics",
               "Mathematics from antiquity to our days, al-Farabi and the mathematicians of Kazakhstan.",
               "use the history of mathematics in teaching"),
            mb("ML3528", 5, "Математикалық логика", "Математическая логика", "Mathematical logic",
               "Propositional and predicate logic, proofs and algorithms.",
               "build formal proofs", pre="ATS2315"),
            mb("EG3529", 5, "Элементар геометрия есептері", "Задачи элементарной геометрии",
               "Problems in elementary geometry", "Constructions, loci and proofs in plane and solid geometry.",
               "solve and teach geometric problems", pre="Geo2419"),
        ),
    ],
    6: [
        mp("TFKP3630", 5, "Комплекс айнымалы функциялар теориясы", "Теория функций комплексного переменного",
           "Complex analysis", "Analytic functions, complex integration, series and residues.",
           "compute integrals with residues", pre="MT2418"),
        mp("ChM3631", 5, "Сандық әдістер", "Численные методы", "Numerical methods",
           "Solving equations, interpolation, numerical integration and differential equations.",
           "implement numerical methods and estimate their error", pre="MT2314"),
        mp("PedP3632", 6, "Педагогикалық практика", "Педагогическая практика", "Teaching practice",
           "Six weeks teaching mathematics at a school under a mentor.",
           "teach a series of lessons and assess pupils", pre="MPM2420"),
        mp("OSM3633", 5, "Мектеп математикасындағы бағалау", "Оценивание в школьной математике",
           "Assessment in school mathematics", "Formative and summative assessment, descriptors and feedback.",
           "write assessment tasks with descriptors", pre="MPM3524"),
        mb("MAE3634", 4, "Математиканы ағылшын тілінде оқыту", "Преподавание математики на английском языке",
           "Teaching mathematics in English", "Mathematical English and CLIL methods for the trilingual school.",
           "teach a mathematics lesson in English", pre="IYa1203", languages="en"),
        elective(
            "Advanced mathematics",
            1,
            mb("FA3635", 5, "Функционалдық талдау негіздері", "Основы функционального анализа",
               "Introduction to functional analysis", "Metric and normed spaces, operators and their applications.",
               "work with normed spaces and linear operators", pre="MT2418"),
            mb("Top3636", 5, "Топология негіздері", "Основы топологии", "Introduction to topology",
               "Topological spaces, continuity, compactness and connectedness.",
               "prove basic topological statements", pre="MT2314"),
            mb("TCh3637", 5, "Сандар теориясының есептері", "Задачи теории чисел", "Problems in number theory",
               "Divisibility, congruences and Diophantine equations in olympiad and school problems.",
               "solve problems on divisibility and congruences", pre="ATS2315"),
        ),
    ],
    7: [
        mp("MRZ4738", 5, "Мектеп есептерін шығару әдістері", "Методы решения школьных задач",
           "Methods of solving school problems", "Methods of solving text, parameter and non-standard problems.",
           "solve and teach problems of the school course", pre="MPM3524"),
        mp("TMVR4739", 5, "Тәрбие жұмысының теориясы мен әдістемесі", "Теория и методика воспитательной работы",
           "Theory and methods of educational work", "The class teacher's work, values education and parents.",
           "plan the educational work of a class"),
        mp("MM4740", 5, "Математикалық модельдеу", "Математическое моделирование", "Mathematical modelling",
           "Models in physics, biology and economics, and modelling tasks for school.",
           "build and study a mathematical model of a process", pre="DU3522"),
        mp("MPI4741", 5, "Педагогикалық зерттеу әдістері", "Методы педагогических исследований",
           "Educational research methods", "Action research, observation, surveys and the analysis of results.",
           "carry out an action research study in a class", pre="Ped2316"),
        elective(
            "School mathematics",
            2,
            mp("STEM4742", 5, "STEM-білім беру", "STEM-образование", "STEM education",
               "Integrated STEM projects, robotics and research projects of pupils.",
               "lead a STEM project of pupils"),
            mp("UNT4743", 5, "Оқушыларды ҰБТ-ға дайындау", "Подготовка учащихся к ЕНТ",
               "Preparing pupils for the Unified National Test",
               "The structure of the Unified National Test and methods of preparing for it.",
               "prepare pupils for the mathematics tests of the UNT", pre="MPM3524"),
            mp("OOU4744", 5, "Дарынды оқушыларды математикаға оқыту", "Обучение математике одарённых учащихся",
               "Teaching mathematics to gifted pupils",
               "Identifying and supporting gifted pupils, clubs and olympiads.",
               "run a mathematics club for gifted pupils", pre="MPM3524"),
            mp("IMM4745", 5, "Математиканы оқытудың инклюзивті әдістері", "Инклюзивные методы обучения математике",
               "Inclusive methods of teaching mathematics",
               "Differentiated instruction and support for pupils with special needs in mathematics.",
               "adapt mathematics tasks for pupils with special needs", pre="IO2317"),
        ),
    ],
    8: [
        mp("SPM4846", 5, "Мектеп математикасының заманауи бағдарламалары",
           "Современные программы школьной математики", "Modern school mathematics curricula",
           "The updated curriculum of Kazakhstan, international curricula and textbooks.",
           "compare curricula and choose a textbook", pre="MPM3524"),
        mp("MPD4847", 6, "Дипломалды практика", "Преддипломная практика", "Pre-diploma practice",
           "Teaching at a school and collecting the material for the thesis.",
           "collect the material of the thesis at a school"),
        mp("MDR4848", 6, "Дипломдық жұмысты жазу және қорғау", "Написание и защита дипломной работы",
           "Writing and defending the thesis",
           "The final attestation: writing the thesis and defending it before the state commission.",
           "present and defend the results of an educational study"),
        mp("PEU4849", 4, "Мұғалімнің кәсіби этикасы", "Профессиональная этика учителя",
           "Professional ethics of a teacher", "The teacher's code of ethics, communication and conflicts at school.",
           "resolve a conflict at school ethically"),
        mp("PEM4850", 4, "Элементар математика бойынша практикум", "Практикум по элементарной математике",
           "Elementary mathematics workshop", "A problem-solving workshop on the whole school course.",
           "solve problems of the school course quickly and correctly", pre="EM1110"),
        elective(
            "Education management",
            1,
            mp("UO4851", 5, "Білім беруді басқару", "Управление образованием", "Education management",
               "The management of schools and education in Kazakhstan.",
               "draw up a development plan of a school"),
            mp("DO4852", 5, "Қашықтықтан оқыту технологиялары", "Технологии дистанционного обучения",
               "Distance learning technologies", "Platforms and methods of online and blended learning.",
               "design an online course", pre="TsO3525"),
            mp("KO4853", 5, "Критериалды бағалау", "Критериальное оценивание", "Criteria-based assessment",
               "Criteria-based assessment in the schools of Kazakhstan: rubrics, moderation and reports.",
               "assess pupils' work against criteria", pre="OSM3633"),
        ),
    ],
}  # fmt: skip

PLANS: dict[str, dict[int, Semester]] = {
    "6B06101": INFORMATION_SYSTEMS,
    "6B04101": ECONOMICS,
    "6B01501": MATHEMATICS,
}


def plan_for(programme_code: str) -> dict[int, Semester]:
    """The programme's semesters with the shared general education merged in."""
    own = PLANS[programme_code]
    return {s: GED.get(s, []) + own.get(s, []) for s in range(1, 9)}


def all_disciplines() -> dict[str, DisciplineSpec]:
    """Every discipline of the catalogue by code; a code used twice is a mistake and raises."""
    found: dict[str, DisciplineSpec] = {}
    for plan in (GED, *PLANS.values()):
        for entries in plan.values():
            for entry in entries:
                for spec in entry.options if isinstance(entry, ElectiveSpec) else (entry,):
                    if spec.code in found:
                        raise ValueError(f"discipline code {spec.code} is used twice")
                    found[spec.code] = spec
    return found
