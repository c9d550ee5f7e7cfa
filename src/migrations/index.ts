import * as migration_20261125_130026_initial from './20261125_130026_initial';
import * as migration_20261125_131842_economy from './20261125_131842_economy';
import * as migration_20261125_131900_ledger_append_only from './20261125_131900_ledger_append_only';
import * as migration_20261125_132647_idempotency from './20261125_132647_idempotency';
import * as migration_20261125_133000_leaderboard_index from './20261125_133000_leaderboard_index';
import * as migration_20261125_133236_daily_quests from './20261125_133236_daily_quests';
import * as migration_20261125_150504_jobs_schedule from './20261125_150504_jobs_schedule';
import * as migration_20261125_151251_journey from './20261125_151251_journey';
import * as migration_20261125_153947_rate_limit_job from './20261125_153947_rate_limit_job';
import * as migration_20261125_160107_venues from './20261125_160107_venues';
import * as migration_20261125_160423_exercises from './20261125_160423_exercises';
import * as migration_20261125_160647_milestones from './20261125_160647_milestones';
import * as migration_20261125_162231_coach from './20261125_162231_coach';
import * as migration_20261125_163051_amphitheatre from './20261125_163051_amphitheatre';
import * as migration_20261125_163338_amphitheatre_transcripts from './20261125_163338_amphitheatre_transcripts';
import * as migration_20261125_163435_amphitheatre_jobs from './20261125_163435_amphitheatre_jobs';
import * as migration_20261125_164504_event_type_text from './20261125_164504_event_type_text';
import * as migration_20261125_165925_analytics_daily from './20261125_165925_analytics_daily';
import * as migration_20261125_174848_analytics_event_indexes from './20261125_174848_analytics_event_indexes';
import * as migration_20261125_185651_rate_limit_counters_unlocked from './20261125_185651_rate_limit_counters_unlocked';
import * as migration_20261125_185700_rate_limit_counters_unlogged from './20261125_185700_rate_limit_counters_unlogged';
import * as migration_20261201_182322_spaced_review from './20261201_182322_spaced_review';
import * as migration_20261201_183532_stakes_maps from './20261201_183532_stakes_maps';
import * as migration_20261202_081008_weekly_xp from './20261202_081008_weekly_xp';
import * as migration_20261202_081100_weekly_xp_backfill from './20261202_081100_weekly_xp_backfill';
import * as migration_20261202_111455_analytics_client_id from './20261202_111455_analytics_client_id';
import * as migration_20261202_113346_ledger_indexes from './20261202_113346_ledger_indexes';
import * as migration_20261208_012322_learner_time_bounds from './20261208_012322_learner_time_bounds';

export const migrations = [
  {
    up: migration_20261125_130026_initial.up,
    down: migration_20261125_130026_initial.down,
    name: '20261125_130026_initial',
  },
  {
    up: migration_20261125_131842_economy.up,
    down: migration_20261125_131842_economy.down,
    name: '20261125_131842_economy',
  },
  {
    up: migration_20261125_131900_ledger_append_only.up,
    down: migration_20261125_131900_ledger_append_only.down,
    name: '20261125_131900_ledger_append_only',
  },
  {
    up: migration_20261125_132647_idempotency.up,
    down: migration_20261125_132647_idempotency.down,
    name: '20261125_132647_idempotency',
  },
  {
    up: migration_20261125_133000_leaderboard_index.up,
    down: migration_20261125_133000_leaderboard_index.down,
    name: '20261125_133000_leaderboard_index',
  },
  {
    up: migration_20261125_133236_daily_quests.up,
    down: migration_20261125_133236_daily_quests.down,
    name: '20261125_133236_daily_quests',
  },
  {
    up: migration_20261125_150504_jobs_schedule.up,
    down: migration_20261125_150504_jobs_schedule.down,
    name: '20261125_150504_jobs_schedule',
  },
  {
    up: migration_20261125_151251_journey.up,
    down: migration_20261125_151251_journey.down,
    name: '20261125_151251_journey',
  },
  {
    up: migration_20261125_153947_rate_limit_job.up,
    down: migration_20261125_153947_rate_limit_job.down,
    name: '20261125_153947_rate_limit_job',
  },
  {
    up: migration_20261125_160107_venues.up,
    down: migration_20261125_160107_venues.down,
    name: '20261125_160107_venues',
  },
  {
    up: migration_20261125_160423_exercises.up,
    down: migration_20261125_160423_exercises.down,
    name: '20261125_160423_exercises',
  },
  {
    up: migration_20261125_160647_milestones.up,
    down: migration_20261125_160647_milestones.down,
    name: '20261125_160647_milestones',
  },
  {
    up: migration_20261125_162231_coach.up,
    down: migration_20261125_162231_coach.down,
    name: '20261125_162231_coach',
  },
  {
    up: migration_20261125_163051_amphitheatre.up,
    down: migration_20261125_163051_amphitheatre.down,
    name: '20261125_163051_amphitheatre',
  },
  {
    up: migration_20261125_163338_amphitheatre_transcripts.up,
    down: migration_20261125_163338_amphitheatre_transcripts.down,
    name: '20261125_163338_amphitheatre_transcripts',
  },
  {
    up: migration_20261125_163435_amphitheatre_jobs.up,
    down: migration_20261125_163435_amphitheatre_jobs.down,
    name: '20261125_163435_amphitheatre_jobs',
  },
  {
    up: migration_20261125_164504_event_type_text.up,
    down: migration_20261125_164504_event_type_text.down,
    name: '20261125_164504_event_type_text',
  },
  {
    up: migration_20261125_165925_analytics_daily.up,
    down: migration_20261125_165925_analytics_daily.down,
    name: '20261125_165925_analytics_daily',
  },
  {
    up: migration_20261125_174848_analytics_event_indexes.up,
    down: migration_20261125_174848_analytics_event_indexes.down,
    name: '20261125_174848_analytics_event_indexes',
  },
  {
    up: migration_20261125_185651_rate_limit_counters_unlocked.up,
    down: migration_20261125_185651_rate_limit_counters_unlocked.down,
    name: '20261125_185651_rate_limit_counters_unlocked',
  },
  {
    up: migration_20261125_185700_rate_limit_counters_unlogged.up,
    down: migration_20261125_185700_rate_limit_counters_unlogged.down,
    name: '20261125_185700_rate_limit_counters_unlogged',
  },
  {
    up: migration_20261201_182322_spaced_review.up,
    down: migration_20261201_182322_spaced_review.down,
    name: '20261201_182322_spaced_review',
  },
  {
    up: migration_20261201_183532_stakes_maps.up,
    down: migration_20261201_183532_stakes_maps.down,
    name: '20261201_183532_stakes_maps',
  },
  {
    up: migration_20261202_081008_weekly_xp.up,
    down: migration_20261202_081008_weekly_xp.down,
    name: '20261202_081008_weekly_xp',
  },
  {
    up: migration_20261202_081100_weekly_xp_backfill.up,
    down: migration_20261202_081100_weekly_xp_backfill.down,
    name: '20261202_081100_weekly_xp_backfill',
  },
  {
    up: migration_20261202_111455_analytics_client_id.up,
    down: migration_20261202_111455_analytics_client_id.down,
    name: '20261202_111455_analytics_client_id',
  },
  {
    up: migration_20261202_113346_ledger_indexes.up,
    down: migration_20261202_113346_ledger_indexes.down,
    name: '20261202_113346_ledger_indexes',
  },
  {
    up: migration_20261208_012322_learner_time_bounds.up,
    down: migration_20261208_012322_learner_time_bounds.down,
    name: '20261208_012322_learner_time_bounds'
  },
];
