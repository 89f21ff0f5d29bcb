"""The console's words in Belarusian and English; operators read letters in both.

Each key holds a (Belarusian, English) pair, so a string cannot exist in one language only.
Messages from the review and export code (errors such as "cannot approve: ... is rejected")
stay in English: they are the same sentences the command line prints.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("be", "en")
DEFAULT_LANGUAGE = "be"
LANGUAGE_NAMES = {"be": "Беларуская", "en": "English"}

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("napishy — кансоль аператара", "napishy — operator console"),
    "nav_queue": ("Чарга", "Queue"),
    "nav_audit": ("Журнал дзеянняў", "Audit log"),
    "nav_status": ("Паштовыя скрыні", "Mailboxes"),
    "nav_exports": ("Экспарт", "Exports"),
    "logout": ("Выйсці", "Log out"),
    "signed_in_as": ("Вы: {name} ({role})", "You: {name} ({role})"),
    "role_operator": ("аператар", "operator"),
    "role_organiser": ("арганізатар", "organiser"),
    # login
    "login_title": ("Уваход", "Log in"),
    "account_name": ("Імя ўліковага запісу", "Account name"),
    "password": ("Пароль", "Password"),
    "login_button": ("Увайсці", "Log in"),
    "login_failed": ("Няправільнае імя або пароль.", "Wrong account name or password."),
    "login_blocked": ("Зашмат няўдалых спробаў для гэтага акаўнта. Пачакайце хвіліну і паспрабуйце зноў.",
                      "Too many failed attempts for this account. Wait a minute and try again."),
    "session_expired": ("Сеанс скончыўся. Увайдзіце зноў.", "Your session ended. Please log in again."),
    "logged_out": ("Вы выйшлі.", "You are logged out."),
    # queue
    "status": ("Статус", "Status"),
    "kind": ("Тып", "Kind"),
    "attorney": ("Адвакат", "Attorney"),
    "language": ("Мова", "Language"),
    "mailbox": ("Скрыня", "Mailbox"),
    "received": ("Атрыманы", "Received"),
    "recipients": ("Адрасаты", "Recipients"),
    "letter_id": ("Нумар", "Id"),
    "any": ("усе", "any"),
    "filter": ("Паказаць", "Show"),
    "clear_filter": ("Скінуць фільтры", "Clear filters"),
    "status_all": ("усе", "all"),
    "status_pending": ("чакаюць", "pending"),
    "status_approved": ("ухваленыя", "approved"),
    "status_rejected": ("адхіленыя", "rejected"),
    "status_quarantined": ("у карантыне", "quarantined"),
    "kind_letter": ("ліст", "letter"),
    "kind_spam": ("спам", "spam"),
    "kind_autoreply": ("аўтаадказ", "autoreply"),
    "kind_empty": ("пусты", "empty"),
    "found": ("Знойдзена лістоў: {n}", "{n} letters found"),
    "page_of": ("Старонка {page} з {pages}", "Page {page} of {pages}"),
    "previous": ("← Папярэдняя", "← Previous"),
    "next": ("Наступная →", "Next →"),
    "search": ("Пошук у тэксце", "Search the text"),
    "search_placeholder": ("словы з ліста", "words from the letter"),
    "first_page": ("« Першая", "« First"),
    "last_page": ("Апошняя »", "Last »"),
    "pages": ("Старонкі", "Pages"),
    "redactions": ("Выдалена", "Redacted"),
    "sort_by": ("Сартаваць па слупку «{column}»", "Sort by {column}"),
    "no_letters": ("Няма лістоў з такімі ўмовамі.", "No letters match these filters."),
    "with_selected": ("З адзначанымі лістамі:", "With the selected letters:"),
    "select_letter": ("Адзначыць ліст {id}", "Select letter {id}"),
    "none_selected": ("Нічога не адзначана.", "No letter was selected."),
    "select_all_page": ("Адзначыць усе, што чакаюць, на гэтай старонцы", "Select every pending letter on this page"),
    "select_none": ("Зняць усе адзнакі", "Clear the selection"),
    "confirm_title": ("Пацвердзіце рашэнне", "Confirm the decision"),
    "confirm_intro_approve": ("Гэтыя лісты ({n}) будуць ухвалены для публікацыі. Пакуль нічога не зменена.",
                              "These {n} letters will be approved for publication. Nothing has changed yet."),
    "confirm_intro_reject": ("Гэтыя лісты ({n}) будуць адхілены з прычынай «{reason}». Пакуль нічога не зменена.",
                             "These {n} letters will be rejected with the reason “{reason}”. Nothing has changed yet."),
    "confirm_approve": ("Так, ухваліць лісты ({n})", "Yes, approve {n} letters"),
    "confirm_reject": ("Так, адхіліць лісты ({n})", "Yes, reject {n} letters"),
    "bulk_refused": ("Нічога не зменена: {problems}.", "Nothing was changed: {problems}."),
    "letter_gone": ("такога ліста няма", "no such letter"),
    # near-duplicate groups
    "nav_groups": ("Падобныя", "Alike"),
    "groups_title": ("Амаль аднолькавыя лісты", "Nearly identical letters"),
    "groups_intro": ("Лісты, чый ананімізаваны тэкст амаль аднолькавы: адзін шаблон, дасланы многімі людзьмі."
                     " Рашэнне для групы ўхваляе або адхіляе кожны яе ліст, што чакае, пасля пацвярджэння;"
                     " у журнале кожны ліст — асобнае рашэнне, і кожнае можна адмяніць асобна.",
                     "Letters whose anonymised text is nearly the same: one template that many people sent."
                     " Deciding a group approves or rejects each of its pending letters after a confirmation;"
                     " the audit log holds each letter as its own decision, and each can be undone on its own."),
    "groups_with_pending": ("З лістамі, што чакаюць", "With pending letters"),
    "groups_every": ("Усе групы", "All groups"),
    "groups_found": ("Груп: {n}", "{n} groups"),
    "no_groups": ("Няма груп амаль аднолькавых лістоў.", "No groups of nearly identical letters."),
    "group_letters": ("Лістоў", "Letters"),
    "group_pending": ("Чакаюць", "Pending"),
    "group_days": ("Атрыманы", "Received"),
    "group_example": ("Прыклад", "Example"),
    "open_group": ("Паказаць лісты групы", "Show the group's letters"),
    "alike": ("Падобныя", "Alike"),
    "alike_title": ("Амаль аднолькавых лістоў у групе: {n}. Паказаць іх", "{n} nearly identical letters: show them"),
    "group_summary": ("Група амаль аднолькавых лістоў: {n}, з іх чакаюць рашэння: {pending}.",
                      "A group of {n} nearly identical letters, {pending} of them pending."),
    "all_groups": ("Усе групы", "All groups"),
    "approve_group": ("Ухваліць усе, што чакаюць ({n})", "Approve all {n} pending"),
    "reject_group": ("Адхіліць усе, што чакаюць ({n})", "Reject all {n} pending"),
    "reason_required": ("Каб адхіліць, напішыце прычыну.", "Write a reason to reject."),
    "addressed_to_no_one": ("ліст нікому не адрасаваны: адкрыйце яго і абярыце адвакатаў",
                            "addressed to no attorney: open it and choose the attorneys"),
    "bulk_conflict": ("Нічога не зменена: нехта іншы змяніў адзін з гэтых лістоў, пакуль вы пацвярджалі."
                      " Паглядзіце іх зноў.",
                      "Nothing was changed: someone else changed one of these letters while you confirmed."
                      " Look at them again."),
    "confirm_group": ("Гэта ўсе лісты групы амаль аднолькавых, што цяпер чакаюць рашэння.",
                      "These are all the group's letters pending now."),
    # one letter
    "letter_title": ("Ліст {id}", "Letter {id}"),
    "back_to_queue": ("← Да чаргі", "← Back to the queue"),
    "text": ("Ананімізаваны тэкст", "Anonymised text"),
    "marker_hint": ("Падсвечана: месцы, адкуль napishy выдаліў звесткі.",
                    "Highlighted: places where napishy removed something."),
    "removed": ("Выдалена", "Removed"),
    "checks": ("Праверце", "Check"),
    "check_title": ("Пакінута, хоць падобна на імя або нумар: праверце",
                    "Kept, but looked like a name or a number: check it"),
    "legend_highlighted": ("Падсвечана:", "Highlighted:"),
    "legend_removed": ("— тут napishy нешта выдаліў", "— napishy removed something here"),
    "legend_word": ("слова", "word"),
    "legend_check": ("— пакінута, хоць падобна на імя або нумар: праверце.",
                     "— kept, but looked like a name or a number: check it."),
    "defects": ("Дэфекты", "Defects"),
    "images": ("Выявы", "Images"),
    "image_n": ("Выява {n}", "Image {n}"),
    "publish_images": ("Якія выявы апублікаваць", "Images to publish"),
    "publish_image_n": ("Апублікаваць выяву {n}", "Publish image {n}"),
    "publish_images_hint": ("Без адзнакі выява застаецца ў napishy і не публікуецца.",
                            "An image left unticked stays in napishy and is not published."),
    "withheld": ("Не публікуецца", "Withheld"),
    "image_published": ("апублікуецца", "will be published"),
    "image_not_approved": ("не ўхвалена", "not approved"),
    "ocr_text": ("Тэкст на выяве (ананімізаваны, чарнавік)", "Text in the image (anonymised, a draft)"),
    "ocr_read": ("тэкст прачытаны", "text read"),
    "ocr_": ("не чыталася (захавана да OCR)", "never read (stored before OCR)"),
    "ocr_unavailable": ("не прачытана: OCR выключаны", "not read: OCR is off"),
    "ocr_timeout": ("не прачытана: задоўга", "not read: took too long"),
    "ocr_failed": ("не прачытана: памылка OCR", "not read: OCR failed"),
    "ocr_over-budget": ("не прачытана: час на ліст скончыўся", "not read: the letter's OCR time was spent"),
    "empty_text": ("(тэксту няма)", "(no text)"),
    "quarantine_reason": ("Прычына карантыну", "Quarantined because"),
    "reject_reason": ("Прычына адхілення", "Rejected because"),
    "revisions": ("Гісторыя рэдакцый", "Revision history"),
    "revision_n": ("Рэдакцыя {n} — {author}, {day}", "Revision {n} — {author}, {day}"),
    "no_revisions": ("Тэкст не рэдагаваўся.", "The text has not been edited."),
    "changes_from": ("Змены ў параўнанні з рэдакцыяй {n}:", "Changes from revision {n}:"),
    "no_changes": ("Тэкст той самы.", "The same text."),
    "current_text": ("цяперашні тэкст", "the current text"),
    "anonymiser_text": ("тэкст пасля ананімізацыі", "the anonymiser's text"),
    "full_text": ("Увесь тэкст", "Full text"),
    "restore_revision": ("Аднавіць гэтую рэдакцыю", "Restore this revision"),
    "restore_help": ("Тэкст гэтай рэдакцыі стане тэкстам ліста як новая рэдакцыя; нічога не губляецца.",
                     "This revision's text becomes the letter's text as a new revision; nothing is lost."),
    "done_restored": ("Рэдакцыя {n} адноўлена як рэдакцыя {new}.", "Revision {n} restored as revision {new}."),
    "diff_legend": ("Выдалена", "Removed"),
    "diff_legend_added": ("дададзена", "added"),
    "style_warning": (
        "Увага: napishy выдаляе імёны, нумары і адрасы, але стыль аўтара і падрабязнасці яго гісторыі"
        " ўсё яшчэ могуць яго выдаць. Майце гэта на ўвазе, перш чым ухваляць.",
        "Note: napishy removes names, numbers and addresses, but the writer's style and the details of"
        " their story can still identify them. Read with that in mind before approving.",
    ),
    "decide": ("Рашэнне", "Decision"),
    "approve": ("Ухваліць", "Approve"),
    "approve_for": ("Ухваліць для адвакатаў:", "Approve for these attorneys:"),
    "reject": ("Адхіліць", "Reject"),
    "reason": ("Прычына", "Reason"),
    "reason_placeholder": ("спам, абраза, небяспечна…", "spam, abuse, unsafe…"),
    "beginning": ("Пачатак", "Beginning"),
    "reset": ("Вярнуць у чаргу", "Back to pending"),
    "reset_help": ("Ліст {status}. Каб змяніць рашэнне або тэкст, спачатку вярніце яго ў чаргу.",
                   "This letter is {status}. To change the decision or the text, send it back to pending first."),
    "quarantined_help": ("Ліст у карантыне: яго можна толькі паўторна апрацаваць з каманднага радка"
                         " (napishy retry).",
                         "This letter is quarantined: it can only be reprocessed from the command line"
                         " (napishy retry)."),
    "edit": ("Рэдагаваць тэкст", "Edit the text"),
    "edit_title": ("Рэдагаванне ліста {id}", "Editing letter {id}"),
    "edit_help": ("Папярэдні тэкст застанецца ў гісторыі рэдакцый. Замяняйце тое, што можа выдаць аўтара,"
                  " меткамі, напрыклад [name] або [address].",
                  "The previous text stays in the revision history. Replace what could identify the writer"
                  " with markers such as [name] or [address]."),
    "save_revision": ("Захаваць новую рэдакцыю", "Save as a new revision"),
    "cancel": ("Скасаваць", "Cancel"),
    "done_approved": ("Ухвалена: {ids}", "Approved: {ids}"),
    "done_rejected": ("Адхілена: {ids}", "Rejected: {ids}"),
    "done_reset": ("Вернута ў чаргу: {ids}", "Back to pending: {ids}"),
    "done_undone": ("Рашэнне адменена, ліст зноў чакае: {ids}", "Decision undone, pending again: {ids}"),
    "undo": ("Адмяніць", "Undo"),
    "undo_help": ("Рашэнне можна адмяніць, пакуль не было экспарту.",
                  "A decision can be undone until the next export."),
    "done_edited": ("Захавана рэдакцыя {n}.", "Saved revision {n}."),
    "no_change": ("Тэкст не змяніўся.", "The text did not change."),
    "queue_done": ("Гэта быў апошні ліст, які чакае.", "That was the last pending letter."),
    # operators side by side: claims, seen marks, internal notes
    "team": ("Хто працуе з лістом", "Who is on it"),
    "claim_button": ("Я разглядаю гэты ліст", "I'm reviewing this"),
    "claim_help": ("Іншыя аператары ўбачаць гэта і не змогуць вырашыць ліст {minutes} хв або да вашага рашэння.",
                   "Other operators see it and cannot decide the letter for {minutes} min or until you decide."),
    "claimed_by_you": ("Вы разглядаеце гэты ліст да {until}.", "You are reviewing this letter until {until}."),
    "claimed_by_other": ("{name} разглядае гэты ліст да {until}.", "{name} is reviewing this letter until {until}."),
    "take_over": ("Узяць сабе", "Take over"),
    "release": ("Вызваліць", "Release"),
    "done_claimed": ("Ліст ваш да {until}.", "The letter is yours until {until}."),
    "done_released": ("Ліст вызвалены.", "The letter is released."),
    "not_claimed": ("Ліст ніхто не разглядаў.", "Nobody had claimed the letter."),
    "reviewing_badge": ("✎ {name}", "✎ {name}"),  # short: it sits beside the id; the title says it in words
    "mark_unseen": ("Пазначыць непрагледжаным", "Mark as unseen"),
    "done_unseen": ("Ліст {id} пазначаны непрагледжаным.", "Letter {id} marked as unseen."),
    "unseen_badge": ("новы", "new"),
    "filter_mine": ("Мае", "Mine"),
    "filter_unseen": ("Непрагледжаныя", "Unseen"),
    "notes": ("Нататкі аператараў", "Operators' notes"),
    "notes_hint": ("Толькі для аператараў: нататкі ніколі не экспартуюцца. Без імёнаў, тэлефонаў, адрасоў:"
                   " такую нататку napishy не захавае.",
                   "For operators only: notes are never exported. No names, phones or addresses:"
                   " napishy refuses such a note."),
    "no_notes": ("Нататак няма.", "No notes yet."),
    "note_by": ("{name}, {at}", "{name}, {at}"),
    "add_note": ("Дадаць нататку", "Add note"),
    "done_noted": ("Нататка захавана.", "Note saved."),
    "note_refused": ("Нататка не захавана: у ёй ёсць, здаецца, {kinds}. Нататкі не павінны нікога выдаваць:"
                     " напішыце яе без гэтага.",
                     "The note was not saved: it holds what looks like {kinds}. Notes must not identify anyone:"
                     " write it without them."),
    "claim_held": ("{name} разглядае гэты ліст да {until}: каб вырашыць яго, спачатку націсніце «Узяць сабе».",
                   "{name} is reviewing this letter until {until}: to decide it, press Take over first."),
    # audit
    "audit_intact": ("Ланцужок хэшаў цэлы: запісаў {n}. Апошні хэш:", "Hash chain intact: {n} entries. Head hash:"),
    "audit_broken": ("Журнал змянілі! Праблемы:", "The log was tampered with! Problems:"),
    "audit_note": ("Журнал захоўвае, хто што зрабіў і калі, але ніколі не змест лістоў. Запішыце апошні хэш:"
                   " калі журнал абрэжуць, каманда napishy audit verify --head гэта заўважыць.",
                   "The log keeps who did what and when, never what a letter says. Note the head hash down:"
                   " the command napishy audit verify --head will notice if the log is cut short."),
    "action_approve": ("ухваліў", "approved"),
    "action_reject": ("адхіліў", "rejected"),
    "action_reset": ("вярнуў у чаргу", "sent back to pending"),
    "action_undo": ("адмяніў рашэнне", "undid the decision"),
    "action_edit": ("адрэдагаваў", "edited"),
    "action_restore": ("аднавіў рэдакцыю", "restored a revision"),
    "action_retry": ("перапрацаваў", "reprocessed"),
    "action_export-publication": ("экспарт публікацыі", "publication export"),
    "action_export-relatives": ("экспарт для сваякоў", "export for relatives"),
    "action_login": ("увайшоў", "logged in"),
    "action_login-failed": ("няўдалая спроба ўваходу", "failed login"),
    "action_open": ("адкрыў арыгінал", "opened the original"),
    "audit_showing": ("Паказаны апошнія {n} запісаў.", "Showing the newest {n} entries."),
    "audit_empty": ("Журнал пусты.", "The log is empty."),
    "at": ("Калі (UTC)", "When (UTC)"),
    "operator": ("Хто", "Who"),
    "action": ("Дзеянне", "Action"),
    "detail": ("Падрабязнасці", "Detail"),
    "only_letter": ("Толькі ліст", "Only letter"),
    # mailboxes
    "last_poll": ("Апошняя праверка (UTC)", "Last poll (UTC)"),
    "never": ("ніколі", "never"),
    "overdue": ("ЗАТРЫМКА", "OVERDUE"),
    "outage": ("ЗБОЙ", "OUTAGE"),
    "ok": ("у парадку", "ok"),
    "health": ("Стан", "Health"),
    "last_error": ("Апошняя памылка", "Last error"),
    "letters": ("Лісты", "Letters"),
    "oldest_pending": ("Найстарэйшы, які чакае (дзён)", "Oldest pending (days)"),
    "not_configured": ("(не наладжана)", "(not configured)"),
    "no_mailboxes": ("Няма ні наладжаных скрыняў, ні лістоў.", "No mailboxes are configured and no letters yet."),
    # the campaign dashboard
    "nav_campaign": ("Кампанія", "Campaign"),
    "publication": ("Публікацыя", "Publication"),
    "days_to_publication": ("Да публікацыі засталося дзён: {n}", "{n} days to the publication"),
    "publication_today": ("Публікацыя сёння", "The publication is today"),
    "publication_passed": ("Дзень публікацыі мінуў {n} дз. таму", "The publication day was {n} days ago"),
    "publication_on": ("Дата публікацыі: {date} (NAPISHY_PUBLICATION_DATE, інакш 21 мая).",
                       "Publication date: {date} (NAPISHY_PUBLICATION_DATE, else May 21)."),
    "oldest_pending_letter": ("Найстарэйшы ліст, які чакае:", "The oldest pending letter:"),
    "waiting_since": ("атрыманы {date}, чакае дзён: {n}", "received {date}, waiting {n} days"),
    "nothing_pending": ("Ніводны ліст не чакае рашэння.", "No letter is waiting for a decision."),
    "groups_pending_summary": ("Груп амаль аднолькавых лістоў: {groups}, у іх чакаюць рашэння: {n}",
                               "{groups} groups of nearly identical letters hold {n} pending letters"),
    "per_attorney": ("Лісты па адвакатах", "Letters per attorney"),
    "per_attorney_hint": ("Ліст да некалькіх адвакатаў лічыцца ў кожнага з іх.",
                          "A letter to several attorneys counts for each of them."),
    "no_attorney": ("(нікому)", "(no one)"),
    "no_letters_yet": ("Лістоў пакуль няма.", "No letters yet."),
    "quarantined_letters": ("У карантыне: {n}", "Quarantined: {n}"),
    "all_quarantined": ("Усе лісты ў карантыне", "Every quarantined letter"),
    "quarantine_hint": ("Ліст у карантыне napishy не змог апрацаваць; арыгінал захаваны зашыфраваным. Арганізатар"
                        " можа паўтарыць апрацоўку з ключом: napishy retry ID --private-key FILE.",
                        "napishy could not process a quarantined letter; its original is kept sealed. An organiser"
                        " can process it again with the key: napishy retry ID --private-key FILE."),
    "qk_unreadable": ("Не чытаецца як ліст.", "Cannot be read as a letter."),
    "qk_timed_out": ("Апрацоўка заняла зашмат часу.", "Took too long to process."),
    "qk_crashed": ("Апрацоўшчык спыніўся на гэтым лісце (памяць або збой).",
                   "The anonymiser stopped on this letter (memory or a crash)."),
    "qk_failed": ("Памылка napishy на гэтым лісце: паведаміце распрацоўшчыкам.",
                  "napishy failed on this letter: tell the developers."),
    "qk_mime": ("Часткі ліста не чытаюцца так, як заяўлена.", "The letter's parts cannot be read as declared."),
    "qk_oversized": ("Завялікі: захаваны зашыфраваным, не прачытаны.", "Too large: sealed unread."),
    "none_quarantined": ("Ніводнага ліста ў карантыне.", "No letter is quarantined."),
    # exports
    "export_publication": ("Публікацыя", "Publication"),
    "publication_help": ("letters.json, index.html і letters.md з усіх ухваленых лістоў у выпадковым парадку.",
                         "letters.json, index.html and letters.md of every approved letter, in random order."),
    "embargo": ("Дата публікацыі: {date}.", "Publication date: {date}."),
    "force": ("Экспартаваць да даты публікацыі (каб праверыць старонку)",
              "Export before the publication date (to check the page)"),
    "export_relatives": ("PDF для сем'яў", "PDFs for the families"),
    "relatives_help": ("Па адным PDF на кожнага адваката, зашыфраваным паролем, які вы ўвядзеце тут; яго адкрые любы"
                       " тэлефон ці камп'ютар. Пароль нідзе не захоўваецца: скажыце яго сям'і асобна ад файла.",
                       "One PDF per attorney, encrypted with the passphrase you type here; any phone or computer"
                       " opens it. The passphrase is kept nowhere: tell it to the family apart from the file."),
    "passphrase": ("Пароль (лацінскія літары, не менш за 12 знакаў)",
                   "Passphrase (Latin letters, 12 characters or more)"),
    "family_language": ("Мова сваякоў побач з беларускай", "The relatives' language beside Belarusian"),
    "only_belarusian": ("толькі беларуская", "Belarusian only"),
    "relatives_embargo": ("Для сем'яў — не раней за {date}.", "For the families: not before {date}."),
    "force_relatives": ("Зрабіць да гэтай даты (чарнавік)", "Make them before this date (a draft)"),
    "all_attorneys": ("усе адвакаты (zip з PDF)", "all attorneys (a zip of PDFs)"),
    "run_export": ("Экспартаваць і спампаваць", "Export and download"),
    "export_warning": ("Спампаваныя файлы нідзе на серверы не застаюцца. Публікацыя ўтрымлівае тэксты лістоў:"
                       " захоўвайце яе толькі на зашыфраваным дыску і выдаляйце, калі яна больш не патрэбная.",
                       "Downloads are not kept anywhere on the server. The publication holds the letters' text:"
                       " keep it only on an encrypted disk and delete it when no longer needed."),
    # errors
    "error_title": ("Памылка", "Error"),
    "not_found": ("Такой старонкі або ліста няма.", "There is no such page or letter."),
    "forbidden": ("Гэта могуць рабіць толькі арганізатары.", "Only organisers can do this."),
    "csrf_failed": ("Форма састарэла або прыйшла не з гэтай кансолі. Вярніцеся, абнавіце старонку і паспрабуйце"
                    " зноў.",
                    "The form expired or did not come from this console. Go back, reload the page and try again."),
    "server_error": ("Нешта пайшло не так. Памылка запісана ў журнал сервера (без зместу лістоў).",
                     "Something went wrong. The error was logged on the server (without any letter content)."),
    "method_not_allowed": ("Так гэтую старонку адкрыць нельга.", "This page cannot be opened that way."),
    "bad_request": ("Нумар у адрасе або ў форме можа складацца толькі з лічбаў 0–9.",
                    "A number in the address or the form may hold only the digits 0–9."),
    "go_home": ("Да чаргі", "To the queue"),
}


Translate = Callable[..., str]


def pick_language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def translator(language: str) -> Translate:
    """`t(key, **values)`: the string in `language`, with `{placeholders}` filled in."""
    index = LANGUAGES.index(pick_language(language))

    def t(key: str, **values: object) -> str:
        text = STRINGS[key][index]
        return text.format(**values) if values else text

    return t
