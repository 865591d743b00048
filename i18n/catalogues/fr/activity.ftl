# fr: activity (issue 27).
