# English display formats over Django's own (its input formats and separators stay): the cabinet writes dates as
# in Kazakh and Russian, day before month ("30 November – 6 December 2026", not "November 30" beside "Dec. 6"),
# numeric dates as dd.mm.yyyy and 24-hour time ("10:00", not "10 a.m." or "noon").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
