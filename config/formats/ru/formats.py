# Russian display formats over Django's own (its input formats and separators stay): the month in the genitive
# wherever a day precedes it ("25 ноября", Django's "j F" gave "25 Ноябрь") and 24-hour time with two digits
# ("09:00", as in the other languages of the cabinet).
DATE_FORMAT = "j E Y г."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г. H:i"
YEAR_MONTH_FORMAT = "F Y г."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
