/** Path data of the console's stroked 24×24 icons, for `<Icon d={icons.x} />`. */
export const icons = {
	search: 'M18 11a7 7 0 1 1-14 0 7 7 0 0 1 14 0M20 20l-3.5-3.5',
	upload: 'M12 15V4m0 0L8 8m4-4l4 4M5 20h14',
	download: 'M12 4v11m0 0l-4-4m4 4l4-4M5 20h14',
	plus: 'M12 5v14M5 12h14',
	back: 'M15 18l-6-6 6-6',
	check: 'M5 13l4 4L19 7'
} as const;
