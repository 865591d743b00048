# en: activity (issue 27).
