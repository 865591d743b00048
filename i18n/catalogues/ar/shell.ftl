# tatrack بالعربية: إطار التطبيق (الترويسة، التنقل، تسجيل الدخول، ما ينتظر الإرسال).
# The shell in Arabic, to show the app right to left; the same ids as en.ftl.

## إطار الصفحة والترويسة

skip-to-content = انتقل إلى المحتوى
nav-label = الرئيسية
language-label = اللغة
nav-my-activities = أنشطتي
nav-plan = تخطيط نشاط
nav-import = استيراد
nav-dashboard = لوحة المعلومات
nav-results = النتائج
nav-activities = الأنشطة
nav-report = التقرير السنوي
nav-audit = سجل التدقيق
nav-iati = IATI
nav-people = الأشخاص
nav-tokens = الرموز
nav-who = { $name } ({ $role ->
    [adviser] مستشار
    [manager] مدير
    [donor] جهة مانحة
    [admin] مسؤول النظام
   *[none] بلا دور بعد
})
sign-out = تسجيل الخروج

## عدد ما ينتظر الإرسال في الترويسة

outbox-waiting = { $waiting ->
    [one] تغيير واحد بانتظار الإرسال
    [two] تغييران بانتظار الإرسال
    [few] { $waiting } تغييرات بانتظار الإرسال
    [many] { $waiting } تغييرًا بانتظار الإرسال
   *[other] { $waiting } تغيير بانتظار الإرسال
}
outbox-refused = { $refused ->
    [one] تغيير واحد مرفوض
    [two] تغييران مرفوضان
    [few] { $refused } تغييرات مرفوضة
    [many] { $refused } تغييرًا مرفوضًا
   *[other] { $refused } تغيير مرفوض
}
outbox-waiting-and-refused = { outbox-waiting }، { outbox-refused }

## تسجيل الدخول

signin-title = تسجيل الدخول
signin-intro = يسجّل tatrack أنشطة المساعدة التقنية من التخطيط إلى التقرير.
signin-form-label = تسجيل الدخول برمز
signin-token = رمز الدخول الخاص بك
signin-token-hint = الصق الرمز الذي أُعطي لك مرة واحدة؛ يُستبدل بجلسة ولا يُحفظ في المتصفح.
signin-button = تسجيل الدخول
signin-token-missing = الصق رمزك أولًا.
signin-failed = تعذّر تسجيل الدخول: { $reason }
signin-provider = تسجيل الدخول عبر { $provider }
signin-other-ways = طرق أخرى لتسجيل الدخول

## مسجّل الدخول بلا دور

no-role-title = بلا دور بعد
no-role-signed-in = أنت مسجّل الدخول باسم { $name }، لكن لم يُمنح لك أي دور بعد.
no-role-signed-in-email = أنت مسجّل الدخول باسم { $name } ({ $email })، لكن لم يُمنح لك أي دور بعد.
no-role-ask = اطلب من أحد مسؤولي tatrack أن يمنحك دورًا (أو أن يمنحه لمجموعة فريقك)، ثم سجّل الدخول مجددًا.

## دون اتصال

offline-notice = دون اتصال: تعرض هذه الصفحة ما احتفظ به هذا الجهاز، وقد جُلب في { $when }.

## صفحة ما ينتظر الإرسال: التغييرات التي أُجريت دون اتصال

outbox-title = محفوظ على هذا الجهاز
outbox-intro = تنتظر هنا التغييرات التي أُجريت دون اتصال، بترتيب إجرائها، وتُرسل فور عودة الاتصال. تبقى المرفوضة منها، مع السبب، حتى تصحّحها أو تتجاهلها.
outbox-empty = لا شيء ينتظر: أُرسل كل شيء.
outbox-send-now = أرسل الآن
outbox-discard-confirm = تجاهل «{ $label }» لـ { $title }؟ لن يُرسل.
outbox-state-waiting = بانتظار الإرسال
outbox-state-refused = رفضه الخادم: { $reason }
outbox-made = أُجري في { $made }
outbox-made-edited = أُجري في { $made }، وعُدّل في { $edited }
outbox-put-right = صحّحه
outbox-edit-before = عدّله قبل إرساله
outbox-edit-label = تعديل { $label }
outbox-list-hint = مفصولة بفواصل.
outbox-save = احفظ وأرسل مجددًا
outbox-discard = تجاهل

## صفحات لا يمكن عرضها

not-found-title = غير موجودة
not-found = لا توجد صفحة كهذه.
not-found-start = اذهب إلى البداية.
went-wrong-title = حدث خطأ ما
