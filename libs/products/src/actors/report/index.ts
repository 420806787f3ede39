export { actorsReport } from './page';
export { loadActorsFigures, LISTED_STREAKS, QUALITY_CLASSES, type ActorsFigures } from './figures';
export { activeActorsChart, qualityTimelineChart } from './charts';
