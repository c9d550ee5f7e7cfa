import * as migration_20261125_120241_initial from './20261125_120241_initial';
import * as migration_20261125_122808_jobs from './20261125_122808_jobs';

export const migrations = [
  {
    up: migration_20261125_120241_initial.up,
    down: migration_20261125_120241_initial.down,
    name: '20261125_120241_initial',
  },
  {
    up: migration_20261125_122808_jobs.up,
    down: migration_20261125_122808_jobs.down,
    name: '20261125_122808_jobs'
  },
];
