# en: problems (issue 27).
