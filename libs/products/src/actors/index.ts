import { join } from 'node:path';
import type { DataProduct } from '../types';
import { actorsContract as contract } from './contract';
import { generateActors, generateActorsIncrement } from './generator';
import { actorsModels } from './models';
import { actorsReport } from './report';

export * from './contract';
export { actorsModels } from './models';
export {
  generateActors,
  generateActorsIncrement,
  actorsIncrementFile,
  ACTORS_BAD_KINDS,
  ACTORS_BAD_ROW_KINDS,
  ACTORS_FILE,
  ACTORS_GENERATED_LAST_YEAR,
  ACTORS_HEADER,
  type ActorsBadKind,
  type ActorsGenerateResult,
} from './generator';

/** Actors: film credits turned into a cumulative table by year and an SCD2 history of quality and activity (docs/actors.md). */
export const actors: DataProduct = {
  name: 'actors',
  title: 'Actor performance',
  contract,
  models: actorsModels,
  samples: join(__dirname, '..', '..', '..', '..', 'data', 'raw', 'actors'),
  currency: 'USD',
  report: actorsReport,
  generate: generateActors,
  generatedRows: 'films',
  generateIncrement: generateActorsIncrement,
  generatorSources: [join(__dirname, 'generator')],
  marts: [
    {
      table: 'mart_actor_quality_yearly',
      title: 'Actors per quality class and year',
      orderBy: ['current_year', 'class_rank'],
      terminal: ['current_year', 'quality_class', 'actors', 'active_actors'],
    },
    {
      table: 'actors_history_scd',
      title: 'Quality and activity history (SCD2, as of the latest year)',
      orderBy: ['actorid', 'start_year'],
      terminal: ['actorid', 'quality_class', 'is_active', 'start_year', 'end_year', 'current_year'],
    },
  ],
};
