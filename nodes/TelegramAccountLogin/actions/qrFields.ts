import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { QrOptions } from '../login/qr';

const qrOptionFields: INodeProperties[] = [
	{
		displayName: 'Put QR Code in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'qr',
		description: 'Binary field the PNG of the QR code goes to',
	},
	{
		displayName: 'Add QR Code As',
		name: 'qrFormats',
		type: 'multiOptions',
		default: [],
		options: [
			{
				name: 'SVG Markup',
				value: 'svg',
				description: 'Field qrSvg, for an HTML page or email',
			},
			{
				name: 'Text',
				value: 'text',
				description:
					'Field qrText: the QR code drawn with block characters, for places that only take text, such as an n8n Form page (in a &lt;pre&gt;)',
			},
		],
	},
];

/** The Options collection of Start QR Login and Wait for QR Login; qrOptions() reads it. */
export const qrOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: qrOptionFields,
};

export function qrOptions(ctx: IExecuteFunctions, itemIndex: number): QrOptions {
	const o = ctx.getNodeParameter('options', itemIndex, {}) as {
		binaryPropertyName?: string;
		qrFormats?: string[];
	};
	const formats = o.qrFormats ?? [];
	return {
		binaryProperty: o.binaryPropertyName?.trim() || 'qr',
		svg: formats.includes('svg'),
		text: formats.includes('text'),
	};
}
