import type { NamedListTable } from './store';

/** A managed list of names (root causes, suggestion themes): how it is stored, worded and audited. */
export type NamedList = {
	table: NamedListTable;
	/** "root cause", in messages: "There is already a root cause called …". */
	noun: string;
	/** "a root cause". */
	article: string;
	/** The audit log's entity type and action prefix: `root_cause.created`. */
	entityType: string;
	/** The JSON keys: `{ rootCause }` for one, `{ rootCauses }` for the list. */
	itemKey: string;
	listKey: string;
	/** The OpenAPI component names. */
	schemaName: string;
	/** What archiving means for the things already using an entry. */
	archiveSummary: string;
	addSummary: string;
};

export const rootCauseList: NamedList = {
	table: 'rootCauses',
	noun: 'root cause',
	article: 'a root cause',
	entityType: 'root_cause',
	itemKey: 'rootCause',
	listKey: 'rootCauses',
	schemaName: 'RootCause',
	archiveSummary: 'Stop offering a root cause; cases resolved with it keep it',
	addSummary: 'Add a root cause to the list resolving a case offers'
};

export const themeList: NamedList = {
	table: 'suggestionThemes',
	noun: 'theme',
	article: 'a theme',
	entityType: 'suggestion_theme',
	itemKey: 'theme',
	listKey: 'themes',
	schemaName: 'SuggestionTheme',
	archiveSummary: 'Stop offering a theme; suggestions tagged with it keep it',
	addSummary: 'Add a theme suggestions can be tagged with'
};
