# en: report (issue 27).
