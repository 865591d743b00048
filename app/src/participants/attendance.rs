//! An activity's attendance list: recorded with the tally counted from its people's categories
//! (read here from each participant's stream, so the list counts what was registered a moment
//! ago), and read back with each person's name opened, or "erased participant".

use std::collections::BTreeMap;

use serde::Serialize;
use tatrack_domain::activity::AttendanceList;
use tatrack_domain::events::ActivityEvent;
use tatrack_domain::values::ParticipantId;
use tatrack_domain::vocabulary::{AgeBand, Institution, Sex};
use tatrack_domain::ActivityCommand;
use tatrack_i18n::{msg, text, Language};
use tatrack_store::bus::{CommandContext, Landed};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::error::Result;
use crate::service::App;

/// One person on the list, with their categories and scores.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendeeView {
    pub participant_id: ParticipantId,
    /// Their name; once erased, "erased participant" in the reader's language.
    pub name: String,
    pub erased: bool,
    pub sex: Sex,
    pub age_band: AgeBand,
    pub has_disability: bool,
    pub institution: Option<Institution>,
    pub country: String,
    pub pre_score: Option<u8>,
    pub post_score: Option<u8>,
    pub match_confirmed: bool,
}

/// An activity's attendance list as last recorded (empty when none was).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendanceView {
    pub attendees: Vec<AttendeeView>,
    pub version: u64,
}

impl App {
    /// Records who attended, with the tally counted from their categories.
    pub async fn record_attendance(
        &self,
        principal: &Principal,
        activity: uuid::Uuid,
        mut list: AttendanceList,
        context: &CommandContext,
    ) -> Result<Landed> {
        principal.require(&super::WRITERS)?;
        let mut categories = BTreeMap::new();
        for attendee in &list.attendees {
            let (participant, _) = self.participants.load(&attendee.participant_id.to_string()).await?;
            if let Some(record) = participant.record() {
                categories.insert(attendee.participant_id, record.categories.clone());
            }
        }
        list.categories = categories;
        self.activity_command(principal, activity, ActivityCommand::RecordAttendance(list), context).await
    }

    /// The activity's attendance list, for whoever may see the activity (not donors).
    pub async fn attendance(
        &self,
        principal: &Principal,
        activity: uuid::Uuid,
        language: Language,
    ) -> Result<AttendanceView> {
        principal.require(&super::WRITERS)?;
        let (_, version) = self.visible_activity(principal, activity).await?;
        let stream = self.activities.stream(&activity.to_string()).await?;
        let last = stream.into_iter().rev().find_map(|envelope| match envelope.payload {
            ActivityEvent::AttendanceRecorded(recorded) => Some(recorded.attendees),
            _ => None,
        });
        let mut attendees = Vec::new();
        for attended in last.unwrap_or_default() {
            let id = attended.participant_id;
            let (participant, _) = self.participants.load(&id.to_string()).await?;
            let Some(record) = participant.record() else { continue };
            let identity = self.identity_of(id, &participant).await?;
            let c = &record.categories;
            attendees.push(AttendeeView {
                participant_id: id,
                erased: identity.is_none(),
                name: identity.map_or_else(|| text(language, &msg("participant-erased")), |i| i.name),
                sex: c.sex,
                age_band: c.age_band,
                has_disability: c.has_disability(),
                institution: c.institution,
                country: c.country.to_string(),
                pre_score: attended.pre_score.map(tatrack_domain::participant::Score::get),
                post_score: attended.post_score.map(tatrack_domain::participant::Score::get),
                match_confirmed: attended.match_confirmed,
            });
        }
        Ok(AttendanceView { attendees, version })
    }
}
