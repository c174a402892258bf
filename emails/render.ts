/** What every template is branded with. */
export type Brand = {
	/** The organisation's name, shown as the sender and in the header. */
	name: string;
	/** `#rrggbb` */
	color: string;
	/** Base URL for links. */
	publicUrl: string;
};

export type RenderedEmail = {
	subject: string;
	html: string;
	text: string;
	headers?: Record<string, string>;
};
