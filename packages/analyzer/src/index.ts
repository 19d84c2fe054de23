export { type AnalyzeProjectOptions, analyzeProject } from './analyze-project'
export { ANALYZER_VERSION } from './analyzer-version'
export { type SqlClassification, classifySql, loadSqlParser } from './sql/classify-sql'
