# es: activity (issue 27).
