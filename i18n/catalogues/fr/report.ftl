# fr: report (issue 27).
